import { Paper, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";

interface PlaceholderPageProps {
  title: string;
  /** What this screen will do once it is built. */
  children: string;
}

/** A route whose screen is not built yet: it says so, and does nothing it cannot do. */
export function PlaceholderPage({ title, children }: PlaceholderPageProps) {
  useDocumentTitle(`${title} · SFL Prompt Architect`);
  return (
    <Stack gap="md">
      <Title order={1}>{title}</Title>
      <Paper p="lg" bg="var(--sfl-surface)">
        <Text>{children}</Text>
        <Text c="dimmed" size="sm" mt="sm">
          This screen is not built yet.
        </Text>
      </Paper>
    </Stack>
  );
}
