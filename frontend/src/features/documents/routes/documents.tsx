import { PlaceholderPage } from "@/components/PlaceholderPage";

export function Component() {
  return (
    <PlaceholderPage title="Documents">
      {"Your documents: upload several at once (or drop them here), watch each one being indexed, and delete them."}
    </PlaceholderPage>
  );
}
