import { expect, expectAccessible, newEmail, PASSWORD, register, signInThroughStorage, test } from "./fixtures";

test("sign up, sign out, and come back to a protected page after signing in", async ({ page }) => {
  const email = newEmail("signup");
  await page.goto("/register");
  // The password rules are there before anything is sent.
  await expect(page.getByRole("textbox", { name: "Password", exact: true })).toHaveAccessibleDescription(
    /at least 8 characters.*not only digits.*not a commonly used password.*not too similar to your email/,
  );
  await page.getByRole("textbox", { name: "Email", exact: true }).fill(email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account", exact: true }).click();

  await expect(page).toHaveURL("/");
  await expect(page.getByRole("heading", { name: "Library", level: 1 })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  const nav = page.getByRole("navigation");
  for (const name of ["Library", "Prompt Lab", "Documents", "Search", "Settings", "Help"]) {
    await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
  }

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL("/login");

  await page.goto("/settings");
  await expect(page).toHaveURL("/login?next=%2Fsettings");
  await page.getByRole("textbox", { name: "Email", exact: true }).fill(email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL("/settings");
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
});

test("signing out revokes the session: the refresh token no longer works", async ({ page, request, account }) => {
  await page.goto("/login");
  await page.getByRole("textbox", { name: "Email", exact: true }).fill(account.email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Library", level: 1 })).toBeVisible();
  const refresh = await page.evaluate(() => localStorage.getItem("sfl.refreshToken"));
  expect(refresh).toBeTruthy();

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL("/login");
  expect(await page.evaluate(() => localStorage.getItem("sfl.refreshToken"))).toBeNull();
  expect(await page.evaluate(() => sessionStorage.getItem("sfl.accessToken"))).toBeNull();
  const reuse = await request.post("/api/auth/refresh", { data: { refresh } });
  expect(reuse.status()).toBe(401);
});

test("a wrong password is an alert, and the form says it is working while it signs in", async ({ page, account }) => {
  await page.goto("/login");
  await page.getByRole("textbox", { name: "Email", exact: true }).fill(account.email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill("not-the-password");
  // Hold the answer back so the pending state can be seen.
  await page.route("**/api/auth/login", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await route.continue();
  });
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("button", { name: "Signing in…" })).toBeDisabled();
  await expect(page.getByRole("alert")).toContainText("email address or password is incorrect");
  await expect(page).toHaveURL("/login");
});

test("field errors sit next to their field and are linked to it", async ({ page, request }) => {
  const taken = (await register(request)).email;
  await page.goto("/register");
  const email = page.getByRole("textbox", { name: "Email", exact: true });
  const password = page.getByRole("textbox", { name: "Password", exact: true });

  // The browser's own check: too short.
  await email.fill(newEmail());
  await password.fill("short");
  await page.getByRole("button", { name: "Create account", exact: true }).click();
  await expect(password).toHaveAccessibleDescription(/Use at least 8 characters/);
  await expect(password).toHaveAttribute("aria-invalid", "true");

  // The server's check: a common password, reported in details.fields.password.
  await password.fill("password123");
  await page.getByRole("button", { name: "Create account", exact: true }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(password).toHaveAccessibleDescription(/too common/i);

  // A taken email: 409, shown at the Email field.
  await email.fill(taken);
  await password.fill(PASSWORD);
  await page.getByRole("button", { name: "Create account", exact: true }).click();
  await expect(email).toHaveAccessibleDescription(/already exists/);
  await expect(page).toHaveURL("/register");
});

test("the theme is dark by default and the light one persists across a reload", async ({ page }) => {
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("data-mantine-color-scheme", "dark");
  await page.getByRole("button", { name: "Switch to light theme" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-mantine-color-scheme", "light");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-mantine-color-scheme", "light");
  await expect(page.getByRole("button", { name: "Switch to dark theme" })).toBeVisible();
});

test("the demo account of seed_demo signs in and sees its example prompts", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("textbox", { name: "Email", exact: true }).fill(process.env.DEMO_USER_EMAIL ?? "demo@example.com");
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(process.env.DEMO_USER_PASSWORD ?? "sfl-demo-pass-2024");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Library", level: 1 })).toBeVisible();
  await expect(page.getByRole("article", { name: "Explain a concept to a beginner" })).toBeVisible();
  expect(await page.getByRole("article").count()).toBeGreaterThanOrEqual(5);
});

test("a session revoked elsewhere ends at the next refresh: /login with the way back, and a notice", async ({
  page,
  request,
  account,
}) => {
  await signInThroughStorage(page, account, "/help");
  const refresh = await page.evaluate(() => localStorage.getItem("sfl.refreshToken"));
  // Signed out on another device: the refresh token this browser holds is revoked.
  const revoked = await request.post("/api/auth/logout", {
    data: { refresh },
    headers: { Authorization: `Bearer ${account.access}` },
  });
  expect(revoked.status()).toBe(204);

  // A new tab has no access token of its own, so it must refresh, and is refused.
  const tab = await page.context().newPage();
  await tab.goto("/help");
  await expect(tab).toHaveURL("/login?next=%2Fhelp");
  await expect(tab.getByText("Your session has ended")).toBeVisible();
  await expectAccessible(tab, "/login after the session ended");

  await tab.getByRole("textbox", { name: "Email", exact: true }).fill(account.email);
  await tab.getByRole("textbox", { name: "Password", exact: true }).fill(account.password);
  await tab.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(tab).toHaveURL("/help");
});
