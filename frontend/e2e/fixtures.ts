/**
 * Fixtures shared by the journeys: a new account for every test (so tests never depend on each
 * other), API helpers that talk to the same server the browser does, axe, and screenshots.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";

import AxeBuilder from "@axe-core/playwright";
import { expect, test as base, type APIRequestContext, type Page } from "@playwright/test";

export const PASSWORD = "e2e-correct-horse-battery";
export const REFRESH_TOKEN_KEY = "sfl.refreshToken";
const SCREENS_DIR = new URL("../e2e-artifacts/screens/", import.meta.url).pathname;

export interface Account {
  email: string;
  password: string;
  access: string;
  refresh: string;
}

export interface PromptInput {
  title: string;
  promptText: string;
  sflField?: Record<string, string>;
  sflTenor?: Record<string, string | string[]>;
  sflMode?: Record<string, string>;
  [key: string]: unknown;
}

export function newEmail(prefix = "e2e"): string {
  return `${prefix}-${randomUUID().slice(0, 12)}@example.com`;
}

export async function register(request: APIRequestContext, email = newEmail()): Promise<Account> {
  const response = await request.post("/api/auth/register", { data: { email, password: PASSWORD } });
  expect(response.status(), await response.text()).toBe(201);
  const body = (await response.json()) as { access: string; refresh: string };
  return { email, password: PASSWORD, access: body.access, refresh: body.refresh };
}

export async function createPrompts(request: APIRequestContext, account: Account, prompts: PromptInput[]) {
  const response = await request.post("/api/prompts/import", {
    data: prompts,
    headers: { Authorization: `Bearer ${account.access}` },
  });
  expect(response.status(), await response.text()).toBe(200);
  const report = (await response.json()) as { created: number; errors: unknown[] };
  expect(report.errors).toEqual([]);
  expect(report.created).toBe(prompts.length);
}

/** Open the app already signed in as `account`, as a returning visitor would be. */
export async function signInThroughStorage(page: Page, account: Account, path = "/"): Promise<void> {
  // A same-origin page without the app, so nothing trades the token before the app loads.
  await page.goto("/api/health");
  await page.evaluate(([key, token]) => localStorage.setItem(key, token), [REFRESH_TOKEN_KEY, account.refresh] as const);
  await page.goto(path);
  // Signed in once the header shows who: by then the refresh token has been rotated and stored,
  // so a reload cannot resend the old one (the server refuses a rotated token).
  await expect(page.getByText(account.email)).toBeVisible();
}

/** axe on the page as it is: no serious or critical violation (WCAG 2.1 A and AA rules). */
export async function expectAccessible(page: Page, context: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const blocking = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
  expect(blocking, `axe on ${context}`).toEqual([]);
}

export type Scheme = "dark" | "light";

export async function setScheme(page: Page, scheme: Scheme): Promise<void> {
  await page.evaluate((value) => localStorage.setItem("mantine-color-scheme-value", value), scheme);
  // No request in flight: a token refresh cut short by the reload would end the session.
  await page.waitForLoadState("networkidle");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-mantine-color-scheme", scheme);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENS_DIR}${name}.png`, fullPage: true, animations: "disabled" });
}

export const test = base.extend<{ account: Account }>({
  account: async ({ request }, use) => {
    await use(await register(request));
  },
});

export { expect };
