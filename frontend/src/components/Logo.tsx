import { Group, Text } from "@mantine/core";

/** The app's mark and name; `compact` keeps only the mark (phones). */
export function Logo({ compact = false }: { compact?: boolean }) {
  return (
    <Group gap={8} wrap="nowrap">
      <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="6" fill="#333e48" />
        <path d="M9 22c4 2 10 1 10-3s-10-3-10-7 6-5 10-3" fill="none" stroke="#e2a32d" strokeWidth="3" strokeLinecap="round" />
        <circle cx="24" cy="22" r="3" fill="#c36e26" />
      </svg>
      {!compact && (
        <Text fw={700} size="lg" component="span">
          SFL Prompt Architect
        </Text>
      )}
    </Group>
  );
}
