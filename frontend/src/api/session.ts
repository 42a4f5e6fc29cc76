/**
 * Where the tokens live.
 *
 * The access token (15 minutes) is kept in memory only. The refresh token (7 days, rotated on every
 * use, revoked on sign-out) is kept in localStorage, so a reload or a second tab stays signed in.
 *
 * The trade-off: script injected into the page could read localStorage, where an HttpOnly cookie
 * would be out of its reach. The API takes the refresh token in a JSON body, so a cookie needs a
 * server change; until then the defences are that no API text is ever rendered as markup
 * (components/SafeMarkdown), that a copied refresh token dies at its next rotation (the server
 * refuses a rotated one) and at sign-out. sessionStorage would not help against the same script
 * and would sign the user out of every new tab.
 */

export interface TokenPair {
  access: string;
  refresh: string;
}

export interface TokenStore {
  access(): string | null;
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

function safeStorage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    // Storage can be disabled (privacy settings): then the session lasts as long as the page.
    return null;
  }
}

export function createTokenStore(storage: Storage | null = safeStorage()): TokenStore {
  let access: string | null = null;
  let ended: SessionEnd | null = null;
  let memoryRefresh: string | null = null;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());

  const readRefresh = (): string | null => {
    if (!storage) return memoryRefresh;
    try {
      return storage.getItem(REFRESH_TOKEN_KEY);
    } catch {
      return memoryRefresh;
    }
  };
  const writeRefresh = (value: string | null) => {
    memoryRefresh = value;
    if (!storage) return;
    try {
      if (value === null) storage.removeItem(REFRESH_TOKEN_KEY);
      else storage.setItem(REFRESH_TOKEN_KEY, value);
    } catch {
      // Quota or privacy mode: the in-memory copy still serves this page.
    }
  };

  if (typeof window !== "undefined") {
    window.addEventListener("storage", (event) => {
      if (event.key !== REFRESH_TOKEN_KEY && event.key !== null) return;
      // Another tab signed out: this tab's access token must not outlive that.
      if (readRefresh() === null) access = null;
      notify();
    });
  }

  return {
    access: () => access,
    refresh: readRefresh,
    endedBy: () => ended,
    set(tokens) {
      ended = null;
      access = tokens.access;
      writeRefresh(tokens.refresh);
      notify();
    },
    clear(reason = "expired") {
      const had = access !== null || readRefresh() !== null;
      if (had) ended = reason;
      access = null;
      writeRefresh(null);
      if (had) notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
