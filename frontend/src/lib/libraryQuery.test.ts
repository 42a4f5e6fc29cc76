import { describe, expect, it } from "vitest";

import {
  changeLibraryQuery,
  clearLibraryQuery,
  isFiltered,
  pageCount,
  parseLibraryQuery,
  toApiQuery,
  toSearchParams,
} from "./libraryQuery";

const parse = (search: string) => parseLibraryQuery(new URLSearchParams(search));

describe("the library query in the URL", () => {
  it("round-trips search, filters, ordering and page", () => {
    const search = "q=essay+tips&taskType=Explanation&targetAudience=Beginners&ordering=title&page=3";
    expect(toSearchParams(parse(search)).toString()).toBe(search);
  });

  it("drops an unknown ordering and a nonsense page", () => {
    const query = parse("ordering=DROP+TABLE&page=-2");
    expect(query.ordering).toBe("");
    expect(query.page).toBe(1);
    expect(toSearchParams(query).toString()).toBe("");
  });

  it("goes back to page 1 when the search or a filter changes, not when the page does", () => {
    const onPage3 = parse("q=a&page=3");
    expect(changeLibraryQuery(onPage3, { q: "ab" }).page).toBe(1);
    expect(changeLibraryQuery(onPage3, { filter: ["desiredTone", "Formal"] }).page).toBe(1);
    expect(changeLibraryQuery(onPage3, { ordering: "-title" }).page).toBe(1);
    expect(changeLibraryQuery(onPage3, { page: 4 })).toMatchObject({ q: "a", page: 4 });
  });

  it("does not change the query it was given", () => {
    const query = parse("taskType=Summarization");
    changeLibraryQuery(query, { filter: ["taskType", "Translation"] });
    expect(query.filters.taskType).toBe("Summarization");
  });

  it("knows when anything narrows the list, and clears it all but the sort", () => {
    expect(isFiltered(parse("ordering=title"))).toBe(false);
    expect(isFiltered(parse("q=%20%20"))).toBe(false);
    expect(isFiltered(parse("aiPersona=Expert"))).toBe(true);
    const cleared = clearLibraryQuery(parse("q=x&aiPersona=Expert&ordering=title&page=2"));
    expect(isFiltered(cleared)).toBe(false);
    expect(cleared).toMatchObject({ ordering: "title", page: 1 });
  });
});

describe("toApiQuery", () => {
  it("sends only what is set, with the search trimmed", () => {
    expect(toApiQuery(parse("q=%20poem%20&outputFormat=Poem"), 24)).toEqual({
      page: 1,
      pageSize: 24,
      search: "poem",
      outputFormat: "Poem",
    });
  });

  it("leaves the ordering to the API (relevance while searching) unless one is chosen", () => {
    expect(toApiQuery(parse("q=poem"), 24)).not.toHaveProperty("ordering");
    expect(toApiQuery(parse("q=poem&ordering=-createdAt"), 24).ordering).toBe("-createdAt");
  });
});

describe("pageCount", () => {
  it.each([
    [0, 1],
    [24, 1],
    [25, 2],
    [1000, 42],
  ])("%i prompts → %i pages", (count, pages) => {
    expect(pageCount(count, 24)).toBe(pages);
  });
});
