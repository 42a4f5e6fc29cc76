/**
 * Every screen, dark and light, at 1280×800 and on a 390 px phone: a screenshot under
 * e2e-artifacts/screens/ (to look at) and axe with no serious or critical violation.
 */
import { randomUUID } from "node:crypto";

import type { Page } from "@playwright/test";

import {
  createPrompts,
  expect,
  expectAccessible,
  register,
  screenshot,
  setScheme,
  signInThroughStorage,
  test,
  type Scheme,
} from "./fixtures";

const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/** The screen is drawn, loaded, and (when signed in) its session settled. */
async function settled(page: Page, heading: string, email?: string) {
  await expect(page.getByRole("heading", { level: 1, name: heading, exact: true })).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  // Each goto reloads the app, which trades the refresh token first; leaving mid-trade would keep
  // the old, now refused, token. The email in the header means the trade is done and stored.
  if (email) await expect(page.getByText(email)).toBeVisible();
}

async function capture(page: Page, name: string, context: string, heading: string, email?: string) {
  await settled(page, heading, email);
  await screenshot(page, name);
  await expectAccessible(page, context);
}

for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
  for (const scheme of ["dark", "light"] as Scheme[]) {
    test.describe(`${viewportName}, ${scheme}`, () => {
      test.use({ viewport });

      test("signed-out screens", async ({ page }) => {
        const suffix = `${scheme}-${viewportName}`;
        await page.goto("/login");
        await setScheme(page, scheme);
        await capture(page, `login-${suffix}`, `/login (${suffix})`, "Sign in");

        await page.getByRole("textbox", { name: "Email", exact: true }).fill("nobody@example.com");
        await page.getByRole("textbox", { name: "Password", exact: true }).fill("wrong-password-1");
        await page.getByRole("button", { name: "Sign in", exact: true }).click();
        await expect(page.getByRole("alert")).toBeVisible();
        await capture(page, `login-error-${suffix}`, `/login with an error (${suffix})`, "Sign in");

        await page.goto("/register");
        await capture(page, `register-${suffix}`, `/register (${suffix})`, "Create account");
      });

      test("signed-in screens", async ({ page, request }) => {
        const suffix = `${scheme}-${viewportName}`;
        const empty = await register(request);
        await signInThroughStorage(page, empty);
        await setScheme(page, scheme);
        await expect(page.getByText("No prompts", { exact: false }).first()).toBeVisible();
        await capture(page, `library-empty-${suffix}`, `empty library (${suffix})`, "Library", empty.email);

        const account = await register(request);
        await createPrompts(request, account, [
          {
            title: "Explain photosynthesis to children",
            promptText: "Explain how plants turn sunlight into food, with a kitchen metaphor a six-year-old knows.",
            sflField: { taskType: "Explanation", keywords: "plants, sunlight, science, kids, biology, metaphor" },
            sflTenor: { aiPersona: "Teacher/Tutor", targetAudience: ["Children (5-7 years)"] },
            sflMode: { outputFormat: "Short Story" },
          },
          {
            title: "Quarterly report summary for the board, with the risks first and the numbers after",
            promptText: "Summarize the attached quarterly figures for the board in five bullet points.",
            sflField: { taskType: "Summarization", keywords: "finance, board" },
            sflTenor: { aiPersona: "Expert" },
            sflMode: { outputFormat: "Bullet Points" },
          },
          { title: "Haiku about autumn", promptText: "Write a haiku about {{season}} leaves.", sflField: { taskType: "Creative Writing" } },
          { title: "A prompt with no SFL fields", promptText: "Just text." },
        ]);
        await signInThroughStorage(page, account);
        await setScheme(page, scheme);
        await expect(page.getByRole("article")).toHaveCount(4);
        await capture(page, `library-${suffix}`, `library (${suffix})`, "Library", account.email);
      });

      test("screens still to be built", async ({ page, account }) => {
        // Fourteen screens with axe each: slow on a shared two-core machine.
        test.setTimeout(180_000);
        const suffix = `${scheme}-${viewportName}`;
        await signInThroughStorage(page, account);
        await setScheme(page, scheme);
        const id = randomUUID();
        const placeholders: [string, string, string][] = [
          ["prompt-new", "/prompts/new", "New prompt"],
          ["prompt-detail", `/prompts/${id}`, "Prompt"],
          ["prompt-edit", `/prompts/${id}/edit`, "Edit prompt"],
          ["prompt-history", `/prompts/${id}/history`, "History"],
          ["wizard", "/wizard", "Prompt wizard"],
          ["lab", "/lab", "Prompt Lab"],
          ["lab-workflow", `/lab/${id}`, "Workflow"],
          ["documents", "/documents", "Documents"],
          ["document", `/documents/${id}`, "Document"],
          ["search", "/search", "Search"],
          ["settings", "/settings", "Settings"],
          ["help", "/help", "Help"],
        ];
        for (const [name, path, heading] of placeholders) {
          await page.goto(path);
          await capture(page, `${name}-${suffix}`, `${path} (${suffix})`, heading, account.email);
        }
      });
    });
  }
}
