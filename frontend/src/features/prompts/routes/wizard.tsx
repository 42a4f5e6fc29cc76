import { PlaceholderPage } from "@/components/PlaceholderPage";

export function Component() {
  return (
    <PlaceholderPage title="Prompt wizard">
      {"Describe a goal (and optionally a style document), Generate a complete SFL prompt, refine the draft in the editor and save it."}
    </PlaceholderPage>
  );
}
