import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Outlet, ScrollRestoration } from "react-router";

import { onSessionExpired } from "@/api";

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
  return (
    <>
      <ScrollRestoration />
      <Outlet />
    </>
  );
}
