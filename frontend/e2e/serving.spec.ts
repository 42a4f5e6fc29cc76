import { randomUUID } from "node:crypto";

import { expect, signInThroughStorage, test } from "./fixtures";

test("a reload on a deep route serves the app; its bundles are gzipped and cached for good", async ({ request }) => {
  const page = await request.get(`/prompts/${randomUUID()}/history`);
  expect(page.status()).toBe(200);
  expect(page.headers()["cache-control"]).toBe("no-cache");
  const html = await page.text();
  const entry = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
  expect(entry).toMatch(/^\/static\/assets\/index-[\w-]{8}\.js$/);

  const bundle = await request.get(entry ?? "", { headers: { "Accept-Encoding": "gzip" } });
  expect(bundle.status()).toBe(200);
  expect(bundle.headers()["content-encoding"]).toBe("gzip");
  expect(bundle.headers()["cache-control"]).toContain("immutable");

  const api = await request.get("/api/nope");
  expect(api.status()).toBe(404);
  expect(await api.json()).toMatchObject({ code: "not_found" });
});

test("a deep link opens its screen after a reload in the browser", async ({ page, account }) => {
  await signInThroughStorage(page, account, "/documents");
  await expect(page.getByRole("heading", { name: "Documents", level: 1 })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await page.reload();
  await expect(page.getByRole("heading", { name: "Documents", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation").getByRole("link", { name: "Documents" })).toHaveAttribute("aria-current", "page");
});
