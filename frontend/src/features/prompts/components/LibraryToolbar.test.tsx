import { act, fireEvent, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { parseLibraryQuery } from "@/lib/libraryQuery";
import { renderWithProviders } from "@/test/render";

import { LibraryToolbar } from "./LibraryToolbar";

const OPTIONS = {
  taskTypes: ["Explanation", "Summarization"],
  aiPersonas: ["Expert"],
  targetAudiences: ["Beginners"],
  desiredTones: ["Formal"],
  outputFormats: ["Poem"],
  lengthConstraints: [],
  defaults: {} as never,
};

function setup(search = "") {
  const onSearch = vi.fn();
  renderWithProviders(
    <LibraryToolbar
      query={parseLibraryQuery(new URLSearchParams(search))}
      options={OPTIONS}
      onSearch={onSearch}
      onFilter={vi.fn()}
      onOrdering={vi.fn()}
    />,
  );
  return { onSearch, box: screen.getByRole("searchbox", { name: "Search prompts" }) };
}

describe("the library search box", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("shows every keystroke at once and asks the server once, after typing stops", () => {
    const { onSearch, box } = setup();
    for (const value of ["h", "ha", "hai", "haiku"]) {
      fireEvent.change(box, { target: { value } });
      expect(box).toHaveValue(value);
    }
    expect(onSearch).not.toHaveBeenCalled();
    act(() => {
      vi.advanceTimersByTime(299);
    });
    expect(onSearch).not.toHaveBeenCalled();
    act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(onSearch).toHaveBeenCalledTimes(1);
    expect(onSearch).toHaveBeenCalledWith("haiku");
  });

  it("searches at once on Enter", () => {
    const { onSearch, box } = setup();
    fireEvent.change(box, { target: { value: "poem" } });
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onSearch).toHaveBeenCalledWith("poem");
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(onSearch).toHaveBeenCalledTimes(1);
  });

  it("offers Best match as the sort while searching", () => {
    setup("q=poem");
    expect(screen.getByRole("combobox", { name: "Sort by" })).toHaveValue("Best match");
  });
});
