import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/api";
import type { PromptListQuery } from "@/lib/libraryQuery";

import { promptKeys } from "../queryKeys";

/** One page of the library; while the next page or search loads, the last one stays on screen. */
export function usePromptList(query: PromptListQuery) {
  return useQuery({
    queryKey: promptKeys.list(query),
    queryFn: ({ signal }) => unwrap(api.GET("/api/prompts", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}
