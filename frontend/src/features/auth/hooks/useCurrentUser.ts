import { useQuery } from "@tanstack/react-query";

import { api, unwrap, useSignedIn } from "@/api";

import { authKeys } from "../queryKeys";

/** The signed-in user (`GET /api/auth/me`); idle while signed out. */
export function useCurrentUser() {
  const signedIn = useSignedIn();
  return useQuery({
    queryKey: authKeys.me(),
    queryFn: ({ signal }) => unwrap(api.GET("/api/auth/me", { signal })),
    enabled: signedIn,
    staleTime: 5 * 60_000,
  });
}
