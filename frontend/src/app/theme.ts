/**
 * The original app's palette (UI.md) as a Mantine theme: dark by default, a light one beside it.
 *
 * Contrast is checked by axe in the e2e suite. Two consequences of the palette: primary buttons
 * (#c36e26) carry dark text, since white on that orange is 3.8:1 (AA needs 4.5:1); and in the light
 * scheme links and accents use darker shades of the same hues.
 */
import {
  createTheme,
  defaultVariantColorsResolver,
  type CSSVariablesResolver,
  type MantineColorsTuple,
  type VariantColorsResolver,
} from "@mantine/core";

import { SFL_COLORS } from "@/lib/sfl";

export const PALETTE = {
  background: "#212934",
  surface: "#333e48",
  border: "#5c6f7e",
  secondaryText: "#95aac0",
  accent: "#e2a32d",
  primary: "#c36e26",
  test: "#4A69E2",
} as const;

// Mantine reads dark[7] as the page, dark[6] as surfaces, dark[4] as borders, dark[2] as dimmed text.
const dark: MantineColorsTuple = [
  "#e8edf2",
  "#cfd9e2",
  PALETTE.secondaryText,
  "#7d92a6",
  PALETTE.border,
  "#45535f",
  PALETTE.surface,
  PALETTE.background,
  "#1a212a",
  "#141a21",
];

const ember: MantineColorsTuple = [
  "#fdf1e6",
  "#f6dcc5",
  "#edbb8d",
  "#e49a57",
  "#dc7f30",
  "#d47122",
  PALETTE.primary,
  "#a9591a",
  "#8f4b15",
  "#733b0e",
];

const amber: MantineColorsTuple = [
  "#fff7e3",
  "#fdebc0",
  "#f8d98c",
  "#f2c55a",
  "#ecb43a",
  "#e7a92f",
  PALETTE.accent,
  "#c58a1f",
  "#a87318",
  "#8a5c10",
];

const test: MantineColorsTuple = [
  "#eef1fd",
  "#d6dcf9",
  "#aab8f2",
  "#8fa6f0",
  "#5b78e6",
  "#5070e4",
  PALETTE.test,
  "#3b57c9",
  "#3250b5",
  "#24409f",
];

// Field, Tenor and Mode keep one hue each everywhere: [3] reads on dark surfaces, [8] on light.
const field: MantineColorsTuple = [
  "#e3f7f4",
  "#c3ede7",
  "#8fdcd1",
  "#5cc9bb",
  "#3fb1a3",
  "#2f9a8d",
  "#26877b",
  "#1f7a70",
  "#1a6a61",
  "#125249",
];
const tenor: MantineColorsTuple = [
  "#f2eefc",
  "#e1d8f8",
  "#cbbcf3",
  "#b9a1ee",
  "#9d7fe0",
  "#8a68d6",
  "#7a58cb",
  "#6b4fc0",
  "#5c43a8",
  "#47338a",
];
const mode: MantineColorsTuple = [
  "#fdeef1",
  "#f9d5dc",
  "#f4b3c0",
  "#f0919f",
  "#e0708a",
  "#d25574",
  "#c24564",
  "#b23a57",
  "#9a2f4a",
  "#7d2339",
];

// Filled buttons in the primary (and accent) colour get dark text: see the module docstring.
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  const color = input.color ?? input.theme.primaryColor;
  if (input.variant === "filled" && (color === "ember" || color === "amber")) {
    return { ...colors, color: "#15191e" };
  }
  return colors;
};

export const theme = createTheme({
  primaryColor: "ember",
  primaryShade: 6,
  colors: { dark, ember, amber, test, field, tenor, mode },
  variantColorResolver,
  fontFamily: "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  headings: { fontFamily: "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" },
  defaultRadius: "md",
  cursorType: "pointer",
  focusRing: "auto",
  components: {
    Card: { defaultProps: { withBorder: true, radius: "md" } },
    Paper: { defaultProps: { withBorder: true } },
    // Mantine's close button has no name of its own, and its description is a light grey.
    Notification: {
      defaultProps: { closeButtonProps: { "aria-label": "Dismiss" } },
      styles: { description: { color: "var(--mantine-color-dimmed)" } },
    },
  },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    "--mantine-color-body": "#f4f6f8",
    "--mantine-color-text": "#1f2933",
    "--mantine-color-dimmed": "#4d5f70",
    "--mantine-color-default-border": "#b8c4cf",
    "--mantine-color-anchor": "var(--mantine-color-ember-8)",
    "--sfl-surface": "#ffffff",
    "--sfl-accent": "var(--mantine-color-amber-9)",
    [`--sfl-${SFL_COLORS.field}`]: "var(--mantine-color-field-8)",
    [`--sfl-${SFL_COLORS.tenor}`]: "var(--mantine-color-tenor-8)",
    [`--sfl-${SFL_COLORS.mode}`]: "var(--mantine-color-mode-8)",
  },
  dark: {
    "--mantine-color-body": PALETTE.background,
    "--mantine-color-dimmed": PALETTE.secondaryText,
    "--mantine-color-default-border": PALETTE.border,
    "--mantine-color-anchor": PALETTE.accent,
    "--sfl-surface": PALETTE.surface,
    "--sfl-accent": PALETTE.accent,
    [`--sfl-${SFL_COLORS.field}`]: "var(--mantine-color-field-3)",
    [`--sfl-${SFL_COLORS.tenor}`]: "var(--mantine-color-tenor-3)",
    [`--sfl-${SFL_COLORS.mode}`]: "var(--mantine-color-mode-3)",
  },
});
