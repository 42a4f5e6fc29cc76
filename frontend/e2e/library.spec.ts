import { readFileSync } from "node:fs";

import { createPrompts, expect, signInThroughStorage, test, type PromptInput } from "./fixtures";

const PROMPTS: PromptInput[] = [
  {
    title: "Explain photosynthesis to children",
    promptText: "Explain how plants turn sunlight into food using a chlorophyll kitchen metaphor.",
    sflField: { topic: "Biology", taskType: "Explanation", keywords: "plants, sunlight, science" },
    sflTenor: { aiPersona: "Teacher/Tutor", targetAudience: ["Children (5-7 years)"], desiredTone: "Enthusiastic" },
    sflMode: { outputFormat: "Short Story" },
  },
  {
    title: "Quarterly report summary",
    promptText: "Summarize the attached quarterly figures for the board in five bullet points.",
    sflField: { topic: "Finance", taskType: "Summarization", keywords: "finance, board" },
    sflTenor: { aiPersona: "Expert", targetAudience: ["Business Professionals"], desiredTone: "Formal" },
    sflMode: { outputFormat: "Bullet Points" },
  },
  {
    title: "Haiku about autumn",
    promptText: "Write a haiku about {{season}} leaves falling on a quiet pond.",
    sflField: { topic: "Poetry", taskType: "Creative Writing", keywords: "poem, nature" },
    sflTenor: { aiPersona: "Creative Muse", targetAudience: ["General Public"], desiredTone: "Serious" },
    sflMode: { outputFormat: "Poem" },
  },
];

test("a new account's library is empty and says so", async ({ page, account }) => {
  await signInThroughStorage(page, account);
  await expect(page.getByText("No prompts", { exact: false }).first()).toBeVisible();
  await expect(page.getByRole("article")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "New prompt" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Prompt wizard" })).toBeVisible();
});

test("cards, full-text search, a filter, and clearing them", async ({ page, request, account }) => {
  await createPrompts(request, account, PROMPTS);
  await signInThroughStorage(page, account);

  const articles = page.getByRole("article");
  await expect(articles).toHaveCount(3);
  const haiku = page.getByRole("article", { name: "Haiku about autumn" });
  await expect(haiku.getByRole("heading", { name: "Haiku about autumn" })).toBeVisible();
  await expect(haiku.getByText("Creative Writing")).toBeVisible();
  await expect(haiku.getByText("Not tested")).toBeVisible();
  await expect(haiku.getByText("nature")).toBeVisible();

  // Full text: a word only in one prompt's text (not its title).
  const search = page.getByRole("searchbox", { name: "Search prompts" });
  await search.fill("chlorophyll");
  await expect(articles).toHaveCount(1);
  await expect(page.getByRole("article", { name: "Explain photosynthesis to children" })).toBeVisible();
  await expect(page).toHaveURL(/q=chlorophyll/);

  await search.fill("");
  await expect(articles).toHaveCount(3);

  // A filter narrows the list.
  await page.getByRole("combobox", { name: "Task type" }).click();
  await page.getByRole("option", { name: "Summarization", exact: true }).click();
  await expect(articles).toHaveCount(1);
  await expect(page.getByRole("article", { name: "Quarterly report summary" })).toBeVisible();

  // A search with nothing to find: the empty state, and a way back.
  await search.fill("xylophone");
  await expect(page.getByText("No prompts match", { exact: false }).first()).toBeVisible();
  await page.getByRole("button", { name: "Clear search and filters" }).click();
  await expect(articles).toHaveCount(3);
  await expect(search).toHaveValue("");
});

test("pages through the API's pages", async ({ page, request, account }) => {
  const many = Array.from({ length: 26 }, (_, i) => ({
    title: `Numbered prompt ${String(i + 1).padStart(2, "0")}`,
    promptText: `Prompt number ${i + 1}.`,
  }));
  await createPrompts(request, account, many);
  await signInThroughStorage(page, account, "/?ordering=title");

  await expect(page.getByRole("article")).toHaveCount(24);
  await expect(page.getByText("26 prompts · page 1 of 2")).toBeVisible();
  await page.getByRole("button", { name: "Page 2" }).click();
  await expect(page.getByRole("article")).toHaveCount(2);
  await expect(page.getByRole("article", { name: "Numbered prompt 26" })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole("article")).toHaveCount(24);
});

test("Export library downloads the whole library as JSON", async ({ page, request, account }) => {
  await createPrompts(request, account, PROMPTS);
  await signInThroughStorage(page, account);
  await expect(page.getByRole("article")).toHaveCount(3);

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export library" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/\.json$/);
  const exported = JSON.parse(readFileSync(await download.path(), "utf8")) as { title: string }[];
  expect(exported.map((p) => p.title).sort()).toEqual(PROMPTS.map((p) => p.title).sort());
});
