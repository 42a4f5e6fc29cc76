/**
 * Text from the API is data, never markup: LLM answers, test responses, chunk text and imported
 * fields render here as Markdown with raw HTML shown as literal text, links only to http(s), and no
 * images (a remote image in an answer would be a tracking pixel).
 */
import { Anchor, Code, Text, Typography } from "@mantine/core";
import Markdown, { type Components } from "react-markdown";

/** Only absolute http and https URLs survive; `javascript:`, `data:` and the rest become null. */
export function safeUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

/** A remark plugin: HTML in the source becomes visible text instead of elements. */
function htmlAsText() {
  const walk = (node: MdNode) => {
    node.children?.forEach((child) => {
      if (child.type === "html") child.type = "text";
      walk(child);
    });
  };
  return (tree: MdNode) => walk(tree);
}

const components: Components = {
  a: ({ href, children }) =>
    href ? (
      <Anchor href={href} target="_blank" rel="noopener noreferrer nofollow ugc">
        {children}
      </Anchor>
    ) : (
      <span>{children}</span>
    ),
  code: ({ children }) => <Code>{children}</Code>,
};

export function SafeMarkdown({ children }: { children: string }) {
  return (
    <Typography>
      <Markdown
        remarkPlugins={[htmlAsText]}
        urlTransform={safeUrl}
        disallowedElements={["img"]}
        components={components}
      >
        {children}
      </Markdown>
    </Typography>
  );
}

/** Plain text with its line breaks kept; React escapes it. */
export function SafeText({ children }: { children: string }) {
  return (
    <Text component="div" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
      {children}
    </Text>
  );
}
