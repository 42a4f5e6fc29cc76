import { describe, expect, it } from "vitest";

import { filenameFromDisposition } from "./download";

describe("filenameFromDisposition", () => {
  it.each([
    ['attachment; filename="sfl-prompts-2025-01-01.json"', "sfl-prompts-2025-01-01.json"],
    ["attachment; filename=plain.md", "plain.md"],
    ["attachment; filename*=UTF-8''caf%C3%A9.md", "café.md"],
    ['attachment; filename="../../etc/passwd"', "passwd"],
    ['attachment; filename=".."', "fallback.json"],
    ["inline", "fallback.json"],
    [null, "fallback.json"],
  ])("%s → %s", (header, expected) => {
    expect(filenameFromDisposition(header, "fallback.json")).toBe(expected);
  });
});
