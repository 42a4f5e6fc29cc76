/**
 * The app's API layer: one client, one token store, one error type.
 *
 * Features import from here only: `api` (typed by the generated `schema.d.ts`), `unwrap` to turn a
 * call into data-or-ApiError, `tokens` and `useSignedIn` for the session.
 */
import { useSyncExternalStore } from "react";

import { createApiClient, unwrap } from "./client";
import { createTokenStore } from "./session";

export { ApiError, type FieldErrors } from "./errors";
export type { ApiClient } from "./client";
export type { components, paths } from "./schema";
export type { TokenPair } from "./session";
export { unwrap };

const sessionExpiredListeners = new Set<() => void>();

export const tokens = createTokenStore();

export const api = createApiClient({
  baseUrl: typeof window === "undefined" ? "http://localhost" : window.location.origin,
  tokens,
  onSessionExpired: () => sessionExpiredListeners.forEach((listener) => listener()),
});

/** Run `listener` when the session ends without the user signing out; returns the unsubscribe. */
export function onSessionExpired(listener: () => void): () => void {
  sessionExpiredListeners.add(listener);
  return () => sessionExpiredListeners.delete(listener);
}

const hasSession = () => tokens.refresh() !== null || tokens.access() !== null;

/** Whether this browser holds a session (it may still need a refresh before the next call). */
export function useSignedIn(): boolean {
  return useSyncExternalStore((listener) => tokens.subscribe(listener), hasSession, () => false);
}
