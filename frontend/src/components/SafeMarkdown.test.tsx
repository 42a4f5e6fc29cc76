import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { renderWithProviders } from "@/test/render";

import { SafeMarkdown, SafeText, safeUrl } from "./SafeMarkdown";

describe("SafeMarkdown", () => {
  it("shows raw HTML as text and creates no element from it", () => {
    const { container } = renderWithProviders(
      <SafeMarkdown>{'Hello <img src=x onerror="window.__pwned=1"> and <script>window.__pwned=2</script>'}</SafeMarkdown>,
    );
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("script")).toBeNull();
    expect(container.querySelector("[onerror]")).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror="window.__pwned=1">');
  });

  it("makes a javascript: link inert and keeps an https link", () => {
    const { container } = renderWithProviders(
      <SafeMarkdown>{"[evil](javascript:alert(1)) [data](data:text/html,hi) [ok](https://example.org/a)"}</SafeMarkdown>,
    );
    const links = Array.from(container.querySelectorAll("a"));
    expect(links.map((a) => a.getAttribute("href"))).toEqual(["https://example.org/a"]);
    expect(screen.getByText("evil").closest("a")).toBeNull();
    expect(links[0]).toHaveAttribute("rel", expect.stringContaining("noopener"));
  });

  it("drops Markdown images, which would load remote pixels", () => {
    const { container } = renderWithProviders(<SafeMarkdown>{"![tracker](https://example.org/p.gif)"}</SafeMarkdown>);
    expect(container.querySelector("img")).toBeNull();
  });

  it("still renders ordinary Markdown", () => {
    renderWithProviders(<SafeMarkdown>{"# Title\n\n- **bold** item"}</SafeMarkdown>);
    expect(screen.getByRole("heading", { name: "Title" })).toBeInTheDocument();
    expect(screen.getByText("bold").tagName).toBe("STRONG");
  });
});

describe("SafeText", () => {
  it("renders markup as characters", () => {
    const { container } = renderWithProviders(<SafeText>{"<b>not bold</b>"}</SafeText>);
    expect(container.querySelector("b")).toBeNull();
    expect(screen.getByText("<b>not bold</b>")).toBeInTheDocument();
  });
});

describe("safeUrl", () => {
  it.each([
    ["https://example.org", "https://example.org"],
    ["http://example.org/x?y", "http://example.org/x?y"],
    ["javascript:alert(1)", null],
    ["JaVaScRiPt:alert(1)", null],
    ["data:text/html,x", null],
    ["vbscript:x", null],
    ["/relative", null],
  ])("%s → %s", (input, expected) => {
    expect(safeUrl(input)).toBe(expected);
  });
});
