import { Box, Button, EmptyState, Group, Pagination, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconBooks, IconFilterOff } from "@tabler/icons-react";
import { Link } from "react-router";

import type { components } from "@/api";
import { ErrorState } from "@/components/ErrorState";
import { SkeletonList } from "@/components/SkeletonList";
import { plural } from "@/lib/format";
import { pageCount } from "@/lib/libraryQuery";

import { PromptCard } from "./PromptCard";

type PromptPage = components["schemas"]["PaginatedPromptOutputList"];

interface PromptResultsProps {
  page: PromptPage | undefined;
  pageNumber: number;
  pageSize: number;
  filtered: boolean;
  isPending: boolean;
  /** A newer page or search is loading while the last one is still shown. */
  isStale: boolean;
  error: unknown;
  onRetry: () => void;
  retrying: boolean;
  onPage: (page: number) => void;
  onClear: () => void;
}

export function PromptResults(props: PromptResultsProps) {
  const { page, pageNumber, pageSize, filtered, isPending, isStale, error, onRetry, retrying, onPage, onClear } = props;

  if (error && !page) {
    return <ErrorState title="Could not load your prompts" error={error} onRetry={onRetry} retrying={retrying} />;
  }
  if (isPending || !page) return <SkeletonList label="Loading prompts" />;

  if (page.count === 0) {
    return filtered ? (
      <EmptyState
        icon={<IconFilterOff size={32} aria-hidden="true" />}
        title="No prompts match"
        description="No prompts match this search and these filters."
        withIndicatorBackground
        py="xl"
      >
        <EmptyState.Actions>
          <Button variant="default" onClick={onClear}>
            Clear search and filters
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    ) : (
      <EmptyState
        icon={<IconBooks size={32} aria-hidden="true" />}
        title="No prompts yet"
        description="Write your first prompt, or describe a goal and let the wizard draft one."
        withIndicatorBackground
        py="xl"
      >
        <EmptyState.Actions>
          <Button component={Link} to="/prompts/new">
            Write a prompt
          </Button>
          <Button component={Link} to="/wizard" variant="default">
            Open the wizard
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    );
  }

  const pages = pageCount(page.count, pageSize);
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed" aria-live="polite">
        {plural(page.count, "prompt")}
        {pages > 1 ? ` · page ${pageNumber} of ${pages}` : ""}
      </Text>
      {error !== null && error !== undefined && (
        <ErrorState title="Could not refresh the list" error={error} onRetry={onRetry} retrying={retrying} />
      )}
      <Box aria-busy={isStale} style={{ opacity: isStale ? 0.6 : 1, transition: "opacity 120ms" }}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {page.results.map((prompt) => (
            <PromptCard key={prompt.id} prompt={prompt} />
          ))}
        </SimpleGrid>
      </Box>
      {pages > 1 && (
        <Group justify="center">
          <Pagination
            total={pages}
            value={pageNumber}
            onChange={onPage}
            getItemProps={(n) => ({ "aria-label": `Page ${n}`, "aria-current": n === pageNumber ? "page" : undefined })}
            getControlProps={(control) => ({
              "aria-label": { first: "First page", previous: "Previous page", next: "Next page", last: "Last page" }[control],
            })}
          />
        </Group>
      )}
    </Stack>
  );
}
