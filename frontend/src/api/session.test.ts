import { describe, expect, it } from "vitest";

import { ACCESS_TOKEN_KEY, createTokenStore, REFRESH_TOKEN_KEY, tokenUser } from "./session";

/** An unsigned token with a user_id claim: the store reads claims, it never verifies them. */
function jwt(user: string, n: number): string {
  const part = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, "");
  return `${part({ alg: "HS256" })}.${part({ user_id: user, jti: n })}.sig`;
}

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  } as Storage;
}

describe("the token store", () => {
  it("keeps the refresh token for every tab and the access token for this tab across a reload", () => {
    const local = memoryStorage();
    const tab = memoryStorage();
    createTokenStore(local, tab).set({ access: jwt("u1", 1), refresh: jwt("u1", 2) });

    const reloaded = createTokenStore(local, tab);
    expect(reloaded.access()).toBe(jwt("u1", 1));
    expect(reloaded.refresh()).toBe(jwt("u1", 2));
    expect(reloaded.user()).toBe("u1");

    const newTab = createTokenStore(local, memoryStorage());
    expect(newTab.access()).toBeNull();
    expect(newTab.refresh()).toBe(jwt("u1", 2));
  });

  it("drops a tab's access token that belongs to another user than the refresh token", () => {
    const local = memoryStorage();
    const tab = memoryStorage();
    createTokenStore(local, tab).set({ access: jwt("u1", 1), refresh: jwt("u1", 2) });
    // Someone else signed in from another tab.
    local.setItem(REFRESH_TOKEN_KEY, jwt("u2", 3));
    const reloaded = createTokenStore(local, tab);
    expect(reloaded.access()).toBeNull();
    expect(reloaded.user()).toBe("u2");
  });

  it("reads the user of a token, and nothing from garbage", () => {
    expect(tokenUser(jwt("42", 1))).toBe("42");
    expect(tokenUser("not-a-jwt")).toBeNull();
    expect(tokenUser(null)).toBeNull();
  });

  it("forgets both on sign-out and remembers why", () => {
    const local = memoryStorage();
    const tab = memoryStorage();
    const store = createTokenStore(local, tab);
    store.set({ access: "a1", refresh: "r1" });
    store.clear("signed-out");
    expect(store.endedBy()).toBe("signed-out");
    expect(local.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(tab.getItem(ACCESS_TOKEN_KEY)).toBeNull();
    store.set({ access: "a2", refresh: "r2" });
    expect(store.endedBy()).toBeNull();
  });

  it("does not revive a tab's access token once the refresh token is gone (signed out elsewhere)", () => {
    const local = memoryStorage();
    const tab = memoryStorage();
    createTokenStore(local, tab).set({ access: jwt("u1", 1), refresh: jwt("u1", 2) });
    local.removeItem(REFRESH_TOKEN_KEY);
    const reloaded = createTokenStore(local, tab);
    expect(reloaded.access()).toBeNull();
    expect(tab.getItem(ACCESS_TOKEN_KEY)).toBeNull();
  });

  it("tells its subscribers about every change", () => {
    const store = createTokenStore(memoryStorage(), memoryStorage());
    let calls = 0;
    const unsubscribe = store.subscribe(() => (calls += 1));
    store.set({ access: "a", refresh: "r" });
    store.clear();
    store.clear(); // nothing left to clear: no news
    unsubscribe();
    store.set({ access: "b", refresh: "s" });
    expect(calls).toBe(2);
  });
});
