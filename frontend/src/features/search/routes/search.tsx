import { PlaceholderPage } from "@/components/PlaceholderPage";

export function Component() {
  return (
    <PlaceholderPage title="Search">
      {"Search your documents by meaning, by keyword, or both (hybrid); each result shows the file and the matching passage."}
    </PlaceholderPage>
  );
}
