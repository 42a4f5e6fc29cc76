import { PlaceholderPage } from "@/components/PlaceholderPage";

export function Component() {
  return (
    <PlaceholderPage title="Prompt Lab">
      {"Workflows: create one, or start from a template; each opens on a canvas of tasks."}
    </PlaceholderPage>
  );
}
