import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Outlet, ScrollRestoration } from "react-router";

import { onSessionExpired, tokens } from "@/api";

/** The root route: reacts to a session that ended on its own (RequireAuth then goes to /login). */
export function Root() {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      onSessionExpired(() => {
        queryClient.clear();
        notifications.show({
          id: "session-expired",
          color: "yellow",
          title: "Signed out",
          message: "Your session has ended. Sign in again to continue.",
        });
      }),
    [queryClient],
  );
  useEffect(() => {
    // Another tab signed in as someone else: nothing cached for the last user may show.
    let user = tokens.user();
    return tokens.subscribe(() => {
      const next = tokens.user();
      if (user !== null && next !== null && next !== user) queryClient.clear();
      user = next;
    });
  }, [queryClient]);
  return (
    <>
      <ScrollRestoration />
      <Outlet />
    </>
  );
}
