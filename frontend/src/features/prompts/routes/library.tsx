import { Button, Group, Stack, Title } from "@mantine/core";
import { useDisclosure, useDocumentTitle } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconDownload, IconPlus, IconUpload, IconWand } from "@tabler/icons-react";
import { useNavigate, useSearchParams } from "react-router";

import {
  changeLibraryQuery,
  clearLibraryQuery,
  isFiltered,
  parseLibraryQuery,
  toApiQuery,
  toSearchParams,
  type LibraryQuery,
} from "@/lib/libraryQuery";

import { ImportDialog } from "../components/ImportDialog";
import { LibraryToolbar } from "../components/LibraryToolbar";
import { PromptResults } from "../components/PromptResults";
import { useExportLibrary } from "../hooks/useExportLibrary";
import { usePromptList } from "../hooks/usePromptList";
import { usePromptOptions } from "../hooks/usePromptOptions";

const PAGE_SIZE = 24;

/** The library: the user's prompts, searched, filtered, sorted and paged by the server. */
export function Component() {
  useDocumentTitle("Library · SFL Prompt Architect");
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const query = parseLibraryQuery(searchParams);
  const list = usePromptList(toApiQuery(query, PAGE_SIZE));
  const options = usePromptOptions();
  const exportLibrary = useExportLibrary();
  const [importOpen, importDialog] = useDisclosure(false);

  // Typing and filtering replace the history entry; only paging adds one, like a book's pages.
  const go = (next: LibraryQuery, push = false) => setSearchParams(toSearchParams(next), { replace: !push });

  const onExport = () =>
    exportLibrary.mutate("json", {
      onSuccess: () => notifications.show({ color: "green", title: "Library exported", message: "The JSON file is in your downloads." }),
      onError: (error) => notifications.show({ color: "red", title: "Export failed", message: error.message }),
    });

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center" gap="sm">
        <Title order={1}>Library</Title>
        <Group gap="xs">
          <Button onClick={() => void navigate("/prompts/new")} leftSection={<IconPlus size={16} aria-hidden="true" />}>
            New prompt
          </Button>
          <Button onClick={() => void navigate("/wizard")} variant="light" color="amber" leftSection={<IconWand size={16} aria-hidden="true" />}>
            Prompt wizard
          </Button>
          <Button variant="default" onClick={importDialog.open} leftSection={<IconUpload size={16} aria-hidden="true" />}>
            Import
          </Button>
          <Button
            variant="default"
            onClick={onExport}
            loading={exportLibrary.isPending}
            leftSection={<IconDownload size={16} aria-hidden="true" />}
          >
            Export library
          </Button>
        </Group>
      </Group>

      {/* Stats strip slot (issue 12): total, prompts per task type as a small chart, tested share and
          last tested. It needs a stats endpoint the API does not have yet; another change adds both. */}

      <LibraryToolbar
        query={query}
        options={options.data}
        onSearch={(q) => go(changeLibraryQuery(query, { q }))}
        onFilter={(key, value) => go(changeLibraryQuery(query, { filter: [key, value] }))}
        onOrdering={(ordering) => go(changeLibraryQuery(query, { ordering }))}
      />

      <PromptResults
        page={list.data}
        pageNumber={query.page}
        pageSize={PAGE_SIZE}
        filtered={isFiltered(query)}
        isPending={list.isPending}
        isStale={list.isPlaceholderData}
        error={list.error}
        onRetry={() => void list.refetch()}
        retrying={list.isFetching}
        onPage={(page) => {
          go(changeLibraryQuery(query, { page }), true);
          window.scrollTo({ top: 0 });
        }}
        onClear={() => go(clearLibraryQuery(query))}
      />
      <ImportDialog opened={importOpen} onClose={importDialog.close} />
    </Stack>
  );
}
