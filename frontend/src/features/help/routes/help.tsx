import { PlaceholderPage } from "@/components/PlaceholderPage";

export function Component() {
  return (
    <PlaceholderPage title="Help">
      {"The SFL guide — Field, Tenor and Mode and what each parameter means — and a five-step tour of the app."}
    </PlaceholderPage>
  );
}
