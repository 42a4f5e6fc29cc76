import { Button, Collapse, Group, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useDebouncedCallback, useDisclosure, useMediaQuery } from "@mantine/hooks";
import { IconAdjustmentsHorizontal, IconArrowsSort, IconSearch } from "@tabler/icons-react";
import { useState } from "react";

import type { components } from "@/api";
import { FILTER_KEYS, ORDERINGS, type FilterKey, type LibraryQuery, type Ordering } from "@/lib/libraryQuery";

type Options = components["schemas"]["PromptOptions"];

const FILTERS: readonly { key: FilterKey; label: string; options: keyof Options }[] = [
  { key: "taskType", label: "Task type", options: "taskTypes" },
  { key: "aiPersona", label: "AI persona", options: "aiPersonas" },
  { key: "outputFormat", label: "Output format", options: "outputFormats" },
  { key: "desiredTone", label: "Tone", options: "desiredTones" },
  { key: "targetAudience", label: "Audience", options: "targetAudiences" },
];

const SEARCH_DEBOUNCE_MS = 300;
const BEST_MATCH = "best-match";

interface LibraryToolbarProps {
  query: LibraryQuery;
  options: Options | undefined;
  onSearch: (q: string) => void;
  onFilter: (key: FilterKey, value: string) => void;
  onOrdering: (ordering: Ordering | "") => void;
}

/** Search box (debounced: typing never waits for the server), filters and sort of the library. */
export function LibraryToolbar({ query, options, onSearch, onFilter, onOrdering }: LibraryToolbarProps) {
  const [text, setText] = useState(query.q);
  const [lastQ, setLastQ] = useState(query.q);
  // The URL changed without typing (Clear filters, the back button): show what it says.
  if (query.q !== lastQ) {
    setLastQ(query.q);
    if (query.q.trim() !== text.trim()) setText(query.q);
  }
  const pushSearch = useDebouncedCallback(onSearch, SEARCH_DEBOUNCE_MS);
  const phone = useMediaQuery("(max-width: 48em)");
  const [filtersOpen, { toggle: toggleFilters }] = useDisclosure(false);
  const activeFilters = FILTER_KEYS.filter((key) => query.filters[key]).length;

  const searching = query.q.trim() !== "";
  const sortData = [
    ...(searching ? [{ value: BEST_MATCH, label: "Best match" }] : []),
    ...ORDERINGS.map((o) => ({ value: o.value, label: o.label })),
  ];
  const sortValue = query.ordering || (searching ? BEST_MATCH : "-updatedAt");

  const filterFields = (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 5 }} spacing="sm">
      {FILTERS.map((filter) => {
        const values = options?.[filter.options];
        const data = Array.isArray(values) ? values : [];
        const current = query.filters[filter.key];
        return (
          <Select
            key={filter.key}
            label={filter.label}
            placeholder="Any"
            data={current && !data.includes(current) ? [current, ...data] : data}
            value={current || null}
            onChange={(value) => onFilter(filter.key, value ?? "")}
            clearable
            searchable
            nothingFoundMessage="No such value"
            comboboxProps={{ withinPortal: true }}
            disabled={!options}
          />
        );
      })}
    </SimpleGrid>
  );
  const sort = (
    <Select
      aria-label="Sort by"
      data={sortData}
      value={sortValue}
      onChange={(value) => onOrdering(!value || value === BEST_MATCH ? "" : (value as Ordering))}
      allowDeselect={false}
      w={{ base: "100%", sm: 210 }}
      leftSection={<IconArrowsSort size={16} aria-hidden="true" />}
    />
  );

  return (
    <Stack gap="sm">
      <Group gap="sm" wrap="nowrap" align="flex-end">
        <TextInput
          type="search"
          aria-label="Search prompts"
          placeholder="Search title, text, keywords, topic…"
          leftSection={<IconSearch size={16} aria-hidden="true" />}
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            pushSearch(event.currentTarget.value);
          }}
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              pushSearch.cancel();
              onSearch(event.currentTarget.value);
            }
          }}
          style={{ flex: 1 }}
        />
        {!phone && sort}
        {phone && (
          <Button
            variant="default"
            onClick={toggleFilters}
            aria-expanded={filtersOpen}
            leftSection={<IconAdjustmentsHorizontal size={16} aria-hidden="true" />}
          >
            Filters{activeFilters > 0 ? ` (${activeFilters})` : ""}
          </Button>
        )}
      </Group>
      {phone ? (
        <Collapse expanded={filtersOpen}>
          <Stack gap="sm">
            {filterFields}
            {sort}
          </Stack>
        </Collapse>
      ) : (
        filterFields
      )}
    </Stack>
  );
}
