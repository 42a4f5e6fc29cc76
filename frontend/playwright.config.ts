import { defineConfig } from "@playwright/test";

// The stack is started by e2e/run-stack.sh (`make e2e`), never by Playwright: the tests drive the
// real app, with its worker and database, as a person would.
const baseURL = process.env.E2E_BASE_URL;
if (!baseURL) {
  throw new Error("E2E_BASE_URL is not set: run the browser tests with `make e2e`.");
}

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./e2e-artifacts/test-results",
  // Generous: CI shares two cores between the browser, gunicorn, the worker and PostgreSQL.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  reporter: [["list"], ["html", { outputFolder: "e2e-artifacts/report", open: "never" }]],
  use: {
    baseURL,
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's chromium; Playwright downloads no browser (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD).
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      // Root in CI and containers cannot use Chromium's user-namespace sandbox.
      args: ["--no-sandbox"],
    },
  },
});
