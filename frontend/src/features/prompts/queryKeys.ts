import type { PromptListQuery } from "@/lib/libraryQuery";

/** One factory for every prompts query key, so a write can invalidate exactly what it changed. */
export const promptKeys = {
  all: ["prompts"] as const,
  lists: () => [...promptKeys.all, "list"] as const,
  list: (query: PromptListQuery) => [...promptKeys.lists(), query] as const,
  details: () => [...promptKeys.all, "detail"] as const,
  detail: (id: string) => [...promptKeys.details(), id] as const,
  versions: (id: string) => [...promptKeys.detail(id), "versions"] as const,
  options: () => [...promptKeys.all, "options"] as const,
};
