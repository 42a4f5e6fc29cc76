import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/api";

import { promptKeys } from "../queryKeys";

/** The SFL option lists (predefined values plus the ones this user has used). */
export function usePromptOptions() {
  return useQuery({
    queryKey: promptKeys.options(),
    queryFn: ({ signal }) => unwrap(api.GET("/api/prompts/options", { signal })),
    staleTime: 5 * 60_000,
  });
}
