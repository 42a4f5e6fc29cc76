import { Anchor, Badge, Card, Group, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { useId } from "react";
import { Link } from "react-router";

import type { components } from "@/api";
import { formatDate, splitKeywords } from "@/lib/format";

import classes from "./PromptCard.module.css";
import { TaskTypeIcon } from "./taskTypeIcon";

type Prompt = components["schemas"]["PromptOutput"];

const MAX_KEYWORDS = 5;

function TestBadge({ lastTest }: { lastTest: Prompt["lastTest"] }) {
  if (!lastTest) {
    return (
      <Badge variant="default" size="sm">
        Not tested
      </Badge>
    );
  }
  const when = formatDate(lastTest.testedAt);
  return lastTest.error ? (
    <Badge variant="light" color="red" size="sm" title={`Last test failed on ${when}`}>
      Test failed
    </Badge>
  ) : (
    <Badge variant="light" color="green" size="sm" title={`Last tested on ${when}`}>
      Tested
    </Badge>
  );
}

/** One prompt in the library: an `article` named by its title (UI.md). */
export function PromptCard({ prompt }: { prompt: Prompt }) {
  const headingId = useId();
  const keywords = splitKeywords(prompt.sflField.keywords);
  const meta = [
    { value: prompt.sflField.taskType, label: "Task type", color: "var(--sfl-field)" },
    { value: prompt.sflTenor.aiPersona, label: "AI persona", color: "var(--sfl-tenor)" },
    { value: prompt.sflMode.outputFormat, label: "Output format", color: "var(--sfl-mode)" },
  ].filter((item) => item.value);

  return (
    <Card component="article" aria-labelledby={headingId} padding="md" className={classes.card}>
      <Stack gap="xs" h="100%">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <ThemeIcon variant="light" color="amber" size="lg" radius="md" aria-hidden="true">
            <TaskTypeIcon taskType={prompt.sflField.taskType} size={20} />
          </ThemeIcon>
          <Title order={2} id={headingId} className={classes.title}>
            <Anchor component={Link} to={`/prompts/${prompt.id}`} c="inherit" inherit className={classes.link}>
              {prompt.title}
            </Anchor>
          </Title>
        </Group>

        <Text size="sm" c="dimmed" lineClamp={2} className={classes.text}>
          {prompt.promptText}
        </Text>

        {meta.length > 0 && (
          <Group gap={6} component="dl" className={classes.meta}>
            {meta.map((item) => (
              <div key={item.label} className={classes.metaItem}>
                <dt className={classes.srOnly}>{item.label}</dt>
                <dd style={{ color: item.color }}>{item.value}</dd>
              </div>
            ))}
          </Group>
        )}

        {keywords.length > 0 && (
          <Group gap={4} aria-label="Keywords" role="list">
            {keywords.slice(0, MAX_KEYWORDS).map((keyword) => (
              <Badge key={keyword} role="listitem" variant="default" size="sm" radius="sm" tt="none" fw={500}>
                {keyword}
              </Badge>
            ))}
            {keywords.length > MAX_KEYWORDS && (
              <Text size="xs" c="dimmed" role="listitem">
                +{keywords.length - MAX_KEYWORDS} more
              </Text>
            )}
          </Group>
        )}

        <Group justify="space-between" mt="auto" pt="xs" gap="xs">
          <Text size="xs" c="dimmed">
            Updated <time dateTime={prompt.updatedAt}>{formatDate(prompt.updatedAt)}</time>
          </Text>
          <TestBadge lastTest={prompt.lastTest} />
        </Group>
      </Stack>
    </Card>
  );
}
