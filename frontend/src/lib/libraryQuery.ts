/**
 * The library's search, filters, sort and page, kept in the URL (so a reload, the back button and a
 * shared link show the same list) and mapped onto `GET /api/prompts`'s query parameters.
 */
import type { paths } from "@/api/schema";

export type PromptListQuery = NonNullable<paths["/api/prompts"]["get"]["parameters"]["query"]>;
export type Ordering = NonNullable<PromptListQuery["ordering"]>;

export const FILTER_KEYS = ["taskType", "aiPersona", "outputFormat", "desiredTone", "targetAudience"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export interface LibraryQuery {
  /** Full-text search; with it and no explicit ordering the API ranks by relevance. */
  q: string;
  filters: Record<FilterKey, string>;
  /** Empty: the API's default (`-updatedAt`, or relevance while searching). */
  ordering: Ordering | "";
  page: number;
}

export const ORDERINGS: readonly { value: Ordering; label: string }[] = [
  { value: "-updatedAt", label: "Recently updated" },
  { value: "updatedAt", label: "Least recently updated" },
  { value: "-createdAt", label: "Newest first" },
  { value: "createdAt", label: "Oldest first" },
  { value: "title", label: "Title A–Z" },
  { value: "-title", label: "Title Z–A" },
];

const isOrdering = (value: string): value is Ordering => ORDERINGS.some((o) => o.value === value);

const emptyFilters = (): Record<FilterKey, string> => ({
  taskType: "",
  aiPersona: "",
  outputFormat: "",
  desiredTone: "",
  targetAudience: "",
});

export function parseLibraryQuery(params: URLSearchParams): LibraryQuery {
  const filters = emptyFilters();
  for (const key of FILTER_KEYS) filters[key] = params.get(key)?.trim() ?? "";
  const ordering = params.get("ordering") ?? "";
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  return {
    q: params.get("q") ?? "",
    filters,
    ordering: isOrdering(ordering) ? ordering : "",
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

export function toSearchParams(query: LibraryQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q.trim()) params.set("q", query.q);
  for (const key of FILTER_KEYS) if (query.filters[key]) params.set(key, query.filters[key]);
  if (query.ordering) params.set("ordering", query.ordering);
  if (query.page > 1) params.set("page", String(query.page));
  return params;
}

/** Any change but a page change starts again at page 1: page 4 of the old list means nothing. */
export function changeLibraryQuery(
  query: LibraryQuery,
  change: { q?: string; filter?: [FilterKey, string]; ordering?: Ordering | ""; page?: number },
): LibraryQuery {
  const next: LibraryQuery = { ...query, filters: { ...query.filters }, page: change.page ?? 1 };
  if (change.q !== undefined) next.q = change.q;
  if (change.filter) next.filters[change.filter[0]] = change.filter[1];
  if (change.ordering !== undefined) next.ordering = change.ordering;
  return next;
}

export function clearLibraryQuery(query: LibraryQuery): LibraryQuery {
  return { q: "", filters: emptyFilters(), ordering: query.ordering, page: 1 };
}

export function isFiltered(query: LibraryQuery): boolean {
  return query.q.trim() !== "" || FILTER_KEYS.some((key) => query.filters[key] !== "");
}

export function toApiQuery(query: LibraryQuery, pageSize: number): PromptListQuery {
  const api: PromptListQuery = { page: query.page, pageSize };
  const search = query.q.trim();
  if (search) api.search = search;
  for (const key of FILTER_KEYS) if (query.filters[key]) api[key] = query.filters[key];
  if (query.ordering) api.ordering = query.ordering;
  return api;
}

export function pageCount(count: number, pageSize: number): number {
  return Math.max(1, Math.ceil(count / pageSize));
}
