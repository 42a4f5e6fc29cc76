import { Alert, Button, Group, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";

interface ErrorStateProps {
  title?: string;
  /** An ApiError (its message is written for people) or anything else that was thrown. */
  error: unknown;
  onRetry?: () => void;
  retrying?: boolean;
}

function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong.";
}

/** A failed load: role `alert` with a Retry button (UI.md). */
export function ErrorState({ title = "Could not load this", error, onRetry, retrying = false }: ErrorStateProps) {
  return (
    <Alert role="alert" color="red" variant="light" title={title} icon={<IconAlertTriangle aria-hidden="true" />}>
      <Group justify="space-between" align="center" gap="sm">
        <Text size="sm">{messageOf(error)}</Text>
        {onRetry && (
          <Button size="xs" variant="default" onClick={onRetry} loading={retrying}>
            Retry
          </Button>
        )}
      </Group>
    </Alert>
  );
}
