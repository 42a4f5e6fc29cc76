import { Card, SimpleGrid, Skeleton, Stack } from "@mantine/core";

interface SkeletonListProps {
  /** What is loading, for screen readers ("Loading prompts"). */
  label: string;
  count?: number;
  /** Cards in a grid (the library) or rows in a column (lists). */
  layout?: "grid" | "rows";
}

/** The placeholder of a list while it loads: an `aria-busy` region, as UI.md asks. */
export function SkeletonList({ label, count = 6, layout = "grid" }: SkeletonListProps) {
  const items = Array.from({ length: count }, (_, index) => (
    <Card key={index} padding="md" aria-hidden="true">
      <Stack gap="xs">
        <Skeleton height={18} width="60%" />
        <Skeleton height={12} />
        <Skeleton height={12} width="85%" />
        <Skeleton height={20} width="40%" mt="xs" />
      </Stack>
    </Card>
  ));
  return (
    <div role="status" aria-busy="true" aria-label={label}>
      {layout === "grid" ? (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {items}
        </SimpleGrid>
      ) : (
        <Stack gap="sm">{items}</Stack>
      )}
    </div>
  );
}
