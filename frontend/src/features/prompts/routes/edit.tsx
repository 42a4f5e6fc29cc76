import { PlaceholderPage } from "@/components/PlaceholderPage";

export function Component() {
  return (
    <PlaceholderPage title="Edit prompt">
      {"The prompt editor for an existing prompt, with an unsaved-changes guard."}
    </PlaceholderPage>
  );
}
