import { PlaceholderPage } from "@/components/PlaceholderPage";

export function Component() {
  return (
    <PlaceholderPage title="Document">
      {"One document with its status and its chunks."}
    </PlaceholderPage>
  );
}
