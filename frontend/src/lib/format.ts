const dateFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric" });

/** "3 Dec 2025" in the reader's locale; the ISO string stays available for `<time dateTime>`. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

/** "1 prompt", "24 prompts". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

/** The comma-separated keywords of a prompt as chips, without blanks or repeats. */
export function splitKeywords(keywords: string): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of keywords.split(",")) {
    const keyword = raw.trim();
    const key = keyword.toLowerCase();
    if (keyword && !seen.has(key)) {
      seen.add(key);
      result.push(keyword);
    }
  }
  return result;
}
