/**
 * Field, Tenor and Mode each keep one colour wherever they appear (editor groups, diffs, lint
 * findings). `color` is a Mantine colour of the theme (for `color=` props); `text` is a CSS
 * variable that reads well as text on the current scheme's surfaces.
 */
export type SflPart = "field" | "tenor" | "mode";

export const SFL_COLORS = { field: "field", tenor: "tenor", mode: "mode" } as const satisfies Record<
  SflPart,
  string
>;

export const SFL_PARTS: readonly { part: SflPart; label: string; question: string; color: string; text: string }[] = [
  { part: "field", label: "Field", question: "What is happening?", color: SFL_COLORS.field, text: "var(--sfl-field)" },
  { part: "tenor", label: "Tenor", question: "Who is taking part?", color: SFL_COLORS.tenor, text: "var(--sfl-tenor)" },
  { part: "mode", label: "Mode", question: "What part does language play?", color: SFL_COLORS.mode, text: "var(--sfl-mode)" },
];
