import { PlaceholderPage } from "@/components/PlaceholderPage";

export function Component() {
  return (
    <PlaceholderPage title="New prompt">
      {"The prompt editor: title and prompt text, the Field, Tenor and Mode fields with their help, creatable option lists, a source document, the detected {{variables}}, and Refine with AI."}
    </PlaceholderPage>
  );
}
