import { PlaceholderPage } from "@/components/PlaceholderPage";

export function Component() {
  return (
    <PlaceholderPage title="Settings">
      {"The AI providers (configured or not, and the default), the models catalogue, and your own usage over the last 30 days."}
    </PlaceholderPage>
  );
}
