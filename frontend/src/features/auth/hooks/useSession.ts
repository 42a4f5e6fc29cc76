import { useMutation, useQueryClient } from "@tanstack/react-query";

import { api, tokens, unwrap, type components } from "@/api";

type Credentials = components["schemas"]["UserLoginInputRequest"];

/**
 * Sign in or create an account. On success the tokens are stored and the user's queries start
 * afresh; the routes' guards then move the page on (to `?next=` or the library).
 */
export function useSignIn(kind: "login" | "register") {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Credentials) =>
      unwrap(
        kind === "login"
          ? api.POST("/api/auth/login", { body })
          : api.POST("/api/auth/register", { body }),
      ),
    onSuccess: (session) => {
      queryClient.clear();
      tokens.set({ access: session.access, refresh: session.refresh });
    },
  });
}

/** Revoke the refresh token on the server, then forget the session here whatever the answer. */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const refresh = tokens.refresh();
      if (refresh === null) return;
      try {
        await unwrap(api.POST("/api/auth/logout", { body: { refresh } }));
      } catch {
        // Offline or already revoked: signing out here must still work; the token expires anyway.
      }
    },
    onSettled: () => {
      tokens.clear("signed-out");
      queryClient.clear();
    },
  });
}
