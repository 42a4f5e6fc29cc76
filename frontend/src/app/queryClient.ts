import { QueryClient } from "@tanstack/react-query";

import { ApiError } from "@/api";

/**
 * Retry only what a retry can fix: no connection or a 5xx, twice. A 4xx says the request itself is
 * wrong (or the session is over: the API layer has already refreshed once).
 */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  const transient = error.status === 0 || error.status >= 500;
  return transient && failureCount < 2;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: shouldRetry },
      mutations: { retry: false },
    },
  });
}
