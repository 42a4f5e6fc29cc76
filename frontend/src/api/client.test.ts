import { describe, expect, it, vi } from "vitest";

import { createApiClient, unwrap } from "./client";
import { ApiError, parseRetryAfter } from "./errors";
import { createTokenStore, REFRESH_TOKEN_KEY, type TokenStore } from "./session";

const BASE = "http://app.test";

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

/**
 * A stand-in for the auth part of the API: access tokens expire when told to, refresh tokens
 * rotate (a used one is refused, as the real server does), and /api/prompts echoes its body.
 */
function fakeServer() {
  let generation = 0;
  let currentRefresh = "r0";
  const expired = new Set<string>();
  const state = { refreshCalls: 0, refreshStatus: 200, refreshDelayMs: 10, seen: [] as string[] };

  const fetch = vi.fn(async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    state.seen.push(`${request.method} ${url.pathname} ${request.headers.get("Authorization") ?? "-"}`);
    if (url.pathname === "/api/auth/refresh") {
      state.refreshCalls += 1;
      await new Promise((resolve) => setTimeout(resolve, state.refreshDelayMs));
      if (state.refreshStatus !== 200) {
        return json(state.refreshStatus, { code: "service_unavailable", message: "Down.", details: {} });
      }
      const body = (await request.json()) as { refresh: string };
      if (body.refresh !== currentRefresh) {
        return json(401, { code: "token_invalid", message: "The refresh token has been revoked.", details: {} });
      }
      generation += 1;
      currentRefresh = `r${generation}`;
      return json(200, { access: `a${generation}`, refresh: currentRefresh });
    }
    if (url.pathname === "/api/auth/login") {
      return json(401, { code: "invalid_credentials", message: "Wrong email or password.", details: {} });
    }
    const header = request.headers.get("Authorization");
    const token = header?.replace(/^Bearer /, "") ?? "";
    if (!header) return json(401, { code: "not_authenticated", message: "Sign in.", details: {} });
    if (expired.has(token) || token !== `a${generation}`) {
      return json(401, { code: "token_expired", message: "Token expired.", details: {} });
    }
    if (url.pathname === "/api/prompts" && request.method === "POST") {
      return json(201, await request.json());
    }
    return json(200, { id: "u1", email: "ada@example.com", dateJoined: "2025-01-01T00:00:00Z" });
  });

  return {
    fetch,
    state,
    /** The access token of the current generation stops working. */
    expireAccess: () => expired.add(`a${generation}`),
    revokeRefresh: () => {
      currentRefresh = "revoked-elsewhere";
    },
  };
}

/** A store as a page finds it: `access` in memory (null after a reload), `refresh` in storage. */
function memoryTokens(pair: { access: string | null; refresh: string }): TokenStore {
  const storage = new Map<string, string>();
  const asStorage = {
    getItem: (key: string) => storage.get(key) ?? null,
    setItem: (key: string, value: string) => void storage.set(key, value),
    removeItem: (key: string) => void storage.delete(key),
  } as Storage;
  if (pair.access !== null) {
    const store = createTokenStore(asStorage, null);
    store.set({ access: pair.access, refresh: pair.refresh });
    return store;
  }
  asStorage.setItem(REFRESH_TOKEN_KEY, pair.refresh);
  return createTokenStore(asStorage, null);
}

function setup(tokens: TokenStore = memoryTokens({ access: "a0", refresh: "r0" })) {
  const server = fakeServer();
  const onSessionExpired = vi.fn();
  const client = createApiClient({ baseUrl: BASE, tokens, fetch: server.fetch, onSessionExpired });
  return { server, client, tokens, onSessionExpired };
}

describe("the API client's session handling", () => {
  it("sends the access token as a bearer header", async () => {
    const { client, server } = setup();
    const me = await unwrap(client.GET("/api/auth/me"));
    expect(me.email).toBe("ada@example.com");
    expect(server.state.seen).toEqual(["GET /api/auth/me Bearer a0"]);
  });

  it("refreshes once for concurrent requests that meet an expired token, then retries each", async () => {
    const { client, server, tokens } = setup();
    server.expireAccess();

    const results = await Promise.all([
      unwrap(client.GET("/api/auth/me")),
      unwrap(client.GET("/api/auth/me")),
      unwrap(
        client.POST("/api/prompts", {
          body: { title: "Kept body", promptText: "Say {{x}}" } as never,
        }),
      ),
    ]);

    expect(server.state.refreshCalls).toBe(1);
    expect(tokens.access()).toBe("a1");
    expect(tokens.refresh()).toBe("r1");
    // The retried POST carried its original body, not an empty stream.
    expect(results[2]).toEqual({ title: "Kept body", promptText: "Say {{x}}" });
    const retried = server.state.seen.filter((line) => line.endsWith("Bearer a1"));
    expect(retried).toHaveLength(3);
  });

  it("trades the stored refresh token first when only it survived a reload", async () => {
    const { client, server } = setup(memoryTokens({ access: null, refresh: "r0" }));
    await unwrap(client.GET("/api/auth/me"));
    expect(server.state.seen).toEqual(["POST /api/auth/refresh -", "GET /api/auth/me Bearer a1"]);
  });

  it("ends the session once when the refresh is refused, and every waiting call fails", async () => {
    const { client, server, tokens, onSessionExpired } = setup();
    server.expireAccess();
    server.revokeRefresh();

    const outcomes = await Promise.allSettled([
      unwrap(client.GET("/api/auth/me")),
      unwrap(client.GET("/api/auth/me")),
    ]);

    expect(server.state.refreshCalls).toBe(1);
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
    expect(tokens.refresh()).toBeNull();
    expect(tokens.access()).toBeNull();
    for (const outcome of outcomes) {
      expect(outcome.status).toBe("rejected");
      const reason = (outcome as PromiseRejectedResult).reason as ApiError;
      expect(reason).toBeInstanceOf(ApiError);
      expect(reason.status).toBe(401);
    }
  });

  it("keeps the session when the refresh endpoint is down, and reports that error", async () => {
    const { client, server, tokens, onSessionExpired } = setup();
    server.expireAccess();
    server.state.refreshStatus = 503;

    const error = await unwrap(client.GET("/api/auth/me")).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(503);
    expect(onSessionExpired).not.toHaveBeenCalled();
    expect(tokens.refresh()).toBe("r0");
  });

  it("does not treat a 401 from sign-in as an expired session", async () => {
    const { client, server, onSessionExpired } = setup();
    const error = await unwrap(
      client.POST("/api/auth/login", { body: { email: "ada@example.com", password: "nope" } }),
    ).catch((e: unknown) => e);

    expect((error as ApiError).code).toBe("invalid_credentials");
    expect(server.state.refreshCalls).toBe(0);
    expect(onSessionExpired).not.toHaveBeenCalled();
    expect(server.state.seen).toEqual(["POST /api/auth/login -"]);
  });

  it("ends the session on a 401 that a refresh cannot cure", async () => {
    const { client, server, onSessionExpired } = setup(createTokenStore(null, null));
    const error = await unwrap(client.GET("/api/auth/me")).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe("not_authenticated");
    expect(server.state.refreshCalls).toBe(0);
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
  });
});

describe("error mapping", () => {
  async function failWith(response: Response | Error): Promise<ApiError> {
    const client = createApiClient({
      baseUrl: BASE,
      tokens: memoryTokens({ access: "a0", refresh: "r0" }),
      onSessionExpired: () => undefined,
      fetch: () => (response instanceof Error ? Promise.reject(response) : Promise.resolve(response)),
    });
    const error = await unwrap(client.GET("/api/prompts")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }

  it("turns the envelope into status, code, message and per-field messages", async () => {
    const error = await failWith(
      json(400, {
        code: "validation_error",
        message: "The request body is not valid.",
        details: { fields: { title: ["This field may not be blank."], "sflTenor.targetAudience": ["Too long.", "Bad."] } },
      }),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe("validation_error");
    expect(error.message).toBe("The request body is not valid.");
    expect(error.fieldError("title")).toBe("This field may not be blank.");
    expect(error.fieldError("sflTenor.targetAudience")).toBe("Too long. Bad.");
    expect(error.fieldError("notes")).toBeUndefined();
  });

  it("reads Retry-After on 429", async () => {
    const error = await failWith(
      json(429, { code: "rate_limited", message: "Slow down.", details: {} }, { "Retry-After": "42" }),
    );
    expect(error.code).toBe("rate_limited");
    expect(error.retryAfter).toBe(42);
  });

  it("still gives a typed error when the body is not the envelope", async () => {
    const error = await failWith(new Response("<html>Bad gateway</html>", { status: 502 }));
    expect(error.status).toBe(502);
    expect(error.code).toBe("http_502");
    expect(error.message).toMatch(/provider/i);
  });

  it("maps a failed connection to status 0, network_error", async () => {
    const error = await failWith(new TypeError("Failed to fetch"));
    expect(error.status).toBe(0);
    expect(error.code).toBe("network_error");
  });

  it("parses both forms of Retry-After", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(parseRetryAfter("7", now)).toBe(7);
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:30 GMT", now)).toBe(30);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter("soon", now)).toBeNull();
  });
});
