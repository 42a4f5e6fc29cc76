import { describe, expect, it } from "vitest";

import { loginPathFor, safeNext } from "./safeNext";

describe("safeNext", () => {
  it("keeps a path on this site, with its query", () => {
    expect(safeNext("/prompts/1/history?x=1")).toBe("/prompts/1/history?x=1");
  });

  it.each([null, "", "https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)"])(
    "refuses %s",
    (value) => {
      expect(safeNext(value)).toBe("/");
    },
  );

  it("does not return to the sign-in pages themselves", () => {
    expect(safeNext("/login?next=/x")).toBe("/");
    expect(safeNext("/register")).toBe("/");
    expect(safeNext("/loginhelp")).toBe("/loginhelp");
  });
});

describe("loginPathFor", () => {
  it("round-trips through safeNext", () => {
    const path = loginPathFor("/prompts/abc/edit", "?tab=mode");
    expect(path).toBe("/login?next=%2Fprompts%2Fabc%2Fedit%3Ftab%3Dmode");
    const next = new URLSearchParams(path.split("?")[1]).get("next");
    expect(safeNext(next)).toBe("/prompts/abc/edit?tab=mode");
  });

  it("needs no next for the library", () => {
    expect(loginPathFor("/")).toBe("/login");
  });
});
