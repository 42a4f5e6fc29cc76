/**
 * Where the tokens live.
 *
 * The refresh token (7 days, rotated on every use, revoked on sign-out) is kept in localStorage, so
 * a reload or a second tab stays signed in. The access token (15 minutes) is kept in memory and in
 * this tab's sessionStorage: a reload then needs no refresh. That matters beyond saving a request:
 * the server refuses a rotated refresh token, so a reload that cut a refresh short (the answer
 * with the new token lost) would sign the user out; with the access token kept, refreshes happen
 * every 15 minutes, not on every page load.
 *
 * The trade-off: script injected into the page could read both storages, where an HttpOnly cookie
 * would be out of its reach. The API takes the refresh token in a JSON body, so a cookie needs a
 * server change; until then the defences are that no API text is ever rendered as markup
 * (components/SafeMarkdown), that a copied refresh token dies at its next rotation and at
 * sign-out, and that a copied access token expires within 15 minutes. Memory alone would not stop
 * that script either: it can call the API from the page while it runs.
 */

export interface TokenPair {
  access: string;
  refresh: string;
}

export interface TokenStore {
  access(): string | null;
  /** Whose session this is (the tokens' `user_id`), or null. */
  user(): string | null;
  /** Read from storage each time: another tab may have rotated it. */
  refresh(): string | null;
  set(tokens: TokenPair): void;
  /** Forget the session; `signed-out` when the user asked, so no page needs to be returned to. */
  clear(reason?: SessionEnd): void;
  /** Why the last session ended, until a new one starts. */
  endedBy(): SessionEnd | null;
  /** Called after every change, including another tab signing in or out. */
  subscribe(listener: () => void): () => void;
}

export type SessionEnd = "signed-out" | "expired";

export const REFRESH_TOKEN_KEY = "sfl.refreshToken";
export const ACCESS_TOKEN_KEY = "sfl.accessToken";

function safeStorage(kind: "localStorage" | "sessionStorage"): Storage | null {
  try {
    return typeof window === "undefined" ? null : window[kind];
  } catch {
    // Storage can be disabled (privacy settings): then the session lasts as long as the page.
    return null;
  }
}

/** The `user_id` claim of a JWT (read, not verified: the server verifies; this only compares). */
export function tokenUser(token: string | null): string | null {
  if (!token) return null;
  try {
    const payload = token.split(".")[1] ?? "";
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const claims: unknown = JSON.parse(json);
    if (typeof claims === "object" && claims !== null && "user_id" in claims) return String(claims.user_id);
  } catch {
    // Not a JWT we can read.
  }
  return null;
}

function read(storage: Storage | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(storage: Storage | null, key: string, value: string | null): void {
  try {
    if (value === null) storage?.removeItem(key);
    else storage?.setItem(key, value);
  } catch {
    // Quota or privacy mode: the in-memory copy still serves this page.
  }
}

export function createTokenStore(
  storage: Storage | null = safeStorage("localStorage"),
  tabStorage: Storage | null = safeStorage("sessionStorage"),
): TokenStore {
  let access: string | null = read(tabStorage, ACCESS_TOKEN_KEY);
  let ended: SessionEnd | null = null;
  let memoryRefresh: string | null = null;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());

  const readRefresh = (): string | null => (storage ? read(storage, REFRESH_TOKEN_KEY) : memoryRefresh);
  const writeRefresh = (value: string | null) => {
    memoryRefresh = value;
    write(storage, REFRESH_TOKEN_KEY, value);
  };
  const writeAccess = (value: string | null) => {
    access = value;
    write(tabStorage, ACCESS_TOKEN_KEY, value);
  };
  // A kept access token must match the refresh token: none after signing out in another tab,
  // and not another user's after signing in as someone else there.
  const dropStaleAccess = () => {
    const refresh = readRefresh();
    if (access !== null && (refresh === null || tokenUser(refresh) !== tokenUser(access))) writeAccess(null);
  };
  dropStaleAccess();

  if (typeof window !== "undefined") {
    window.addEventListener("storage", (event) => {
      if (event.key !== REFRESH_TOKEN_KEY && event.key !== null) return;
      dropStaleAccess();
      notify();
    });
  }

  return {
    access: () => access,
    user: () => tokenUser(readRefresh()),
    refresh: readRefresh,
    endedBy: () => ended,
    set(tokens) {
      ended = null;
      writeAccess(tokens.access);
      writeRefresh(tokens.refresh);
      notify();
    },
    clear(reason = "expired") {
      const had = access !== null || readRefresh() !== null;
      if (had) ended = reason;
      writeAccess(null);
      writeRefresh(null);
      if (had) notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
