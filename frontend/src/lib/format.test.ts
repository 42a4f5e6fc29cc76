import { describe, expect, it } from "vitest";

import { plural, splitKeywords } from "./format";

describe("splitKeywords", () => {
  it("trims, drops blanks and repeats in any letter case, keeps order", () => {
    expect(splitKeywords(" essay, Writing ,, essay,ESSAY, tips ")).toEqual(["essay", "Writing", "tips"]);
    expect(splitKeywords("")).toEqual([]);
  });
});

describe("plural", () => {
  it("says one and many", () => {
    expect(plural(1, "prompt")).toBe("1 prompt");
    expect(plural(0, "prompt")).toBe("0 prompts");
  });
});
