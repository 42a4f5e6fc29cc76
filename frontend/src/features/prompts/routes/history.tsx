import { PlaceholderPage } from "@/components/PlaceholderPage";

export function Component() {
  return (
    <PlaceholderPage title="History">
      {"The versions of this prompt with their dates and change summaries; Compare any two (text diff and SFL field diff) and Restore an older one."}
    </PlaceholderPage>
  );
}
