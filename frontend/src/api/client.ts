/**
 * The one HTTP client of the app: openapi-fetch typed by the generated schema, plus a middleware
 * that attaches the access token, refreshes it once on `401 token_expired` (concurrent requests
 * share one refresh) and ends the session when the refresh fails.
 */
import createClient, { type Middleware } from "openapi-fetch";

import { ApiError, apiErrorFromException, apiErrorFromResponse, isAbort } from "./errors";
import type { paths } from "./schema";
import type { TokenStore } from "./session";

export type ApiClient = ReturnType<typeof createClient<paths>>;

export interface ApiClientOptions {
  /** Origin the `/api/...` paths are resolved against. */
  baseUrl: string;
  tokens: TokenStore;
  /** Called once when the session cannot be kept (refresh refused, token revoked). */
  onSessionExpired: () => void;
  fetch?: (request: Request) => Promise<Response>;
}

// Routes that take no bearer token: a stale token must not stop anyone signing in, and their
// 401 (`invalid_credentials`) is an answer for the form, not an expired session.
const PUBLIC_PATHS = new Set<string>([
  "/api/auth/login",
  "/api/auth/register",
  "/api/auth/refresh",
  "/api/health",
]);

const REFRESH_LOCK = "sfl-token-refresh";

async function errorCode(response: Response): Promise<string | null> {
  try {
    const body: unknown = await response.clone().json();
    if (typeof body === "object" && body !== null && "code" in body && typeof body.code === "string") {
      return body.code;
    }
  } catch {
    // Not JSON: no code.
  }
  return null;
}

/** Serialise refreshes across tabs where the browser can (Web Locks), so two tabs never race
 *  one refresh token: the server refuses the second use of a rotated token. */
async function withCrossTabLock<T>(run: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === "undefined" ? undefined : (navigator.locks as LockManager | undefined);
  // Some browsers and jsdom lack Web Locks; a single tab still shares one refresh promise.
  if (!locks) return run();
  let result: { value: T } | null = null;
  await locks.request(REFRESH_LOCK, async () => {
    result = { value: await run() };
  });
  if (result === null) throw new Error("the refresh lock was granted but never ran");
  return (result as { value: T }).value;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const { tokens, baseUrl } = options;
  const send = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const bare = createClient<paths>({ baseUrl, fetch: send });

  let refreshing: Promise<boolean> | null = null;
  let expiredNotified = false;
  tokens.subscribe(() => {
    if (tokens.refresh() !== null) expiredNotified = false;
  });

  const endSession = () => {
    tokens.clear();
    if (!expiredNotified) {
      expiredNotified = true;
      options.onSessionExpired();
    }
  };

  /** True when a new token pair was stored; false when the server refused the refresh token. */
  const refreshSession = (): Promise<boolean> => {
    refreshing ??= withCrossTabLock(async () => {
      // Read inside the lock: another tab may have rotated the token while this one waited.
      const refresh = tokens.refresh();
      if (refresh === null) return false;
      const { data, error, response } = await bare.POST("/api/auth/refresh", { body: { refresh } });
      if (data) {
        tokens.set({ access: data.access, refresh: data.refresh });
        return true;
      }
      if (response.status === 400 || response.status === 401) return false;
      // 429 or 5xx: the refresh token may still be good; keep the session and report the error.
      throw apiErrorFromResponse(response, error);
    }).finally(() => {
      refreshing = null;
    });
    return refreshing;
  };

  const pending = new Map<string, Request>();

  const auth: Middleware = {
    async onRequest({ request, schemaPath, id }) {
      if (PUBLIC_PATHS.has(schemaPath)) return undefined;
      // After a reload only the refresh token is left: trade it before the first call.
      if (tokens.access() === null && tokens.refresh() !== null) {
        if (!(await refreshSession())) {
          endSession();
          throw new ApiError({ status: 401, code: "session_expired", message: "Your session has ended. Sign in again." });
        }
      }
      const access = tokens.access();
      if (access !== null) request.headers.set("Authorization", `Bearer ${access}`);
      // A body can be read once: keep a copy to send again after a refresh.
      pending.set(id, request.clone());
      return request;
    },

    async onResponse({ request, response, schemaPath, id }) {
      const retry = pending.get(id);
      pending.delete(id);
      if (PUBLIC_PATHS.has(schemaPath) || response.status !== 401 || retry === undefined) return undefined;

      const sentWith = request.headers.get("Authorization");
      const current = tokens.access();
      const code = await errorCode(response);
      let renewed = false;
      if (current !== null && sentWith !== `Bearer ${current}`) {
        // Another request refreshed while this one was in flight: just use the new token.
        renewed = true;
      } else if (code === "token_expired") {
        renewed = await refreshSession();
      }
      if (!renewed) {
        endSession();
        return undefined;
      }
      retry.headers.set("Authorization", `Bearer ${tokens.access() ?? ""}`);
      const second = await send(retry);
      // Refreshed once and still refused: the account is gone or disabled.
      if (second.status === 401) endSession();
      return second;
    },

    onError({ id }) {
      pending.delete(id);
      return undefined;
    },
  };

  const client = createClient<paths>({ baseUrl, fetch: send });
  client.use(auth);
  return client;
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Await an openapi-fetch call and return its data, or throw its failure as an ApiError. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (error) {
    if (isAbort(error)) throw error;
    throw apiErrorFromException(error);
  }
  if (!result.response.ok) throw apiErrorFromResponse(result.response, result.error);
  return result.data as T;
}
