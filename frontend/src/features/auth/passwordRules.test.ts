import { describe, expect, it } from "vitest";

import { passwordProblem } from "./passwordRules";

describe("passwordProblem", () => {
  it.each([
    ["", "Use at least 8 characters."],
    ["short1", "Use at least 8 characters."],
    ["12345678901", "Use more than digits."],
    ["correct horse", null],
    ["1234567a", null],
  ])("%j → %j", (password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
  });
});
