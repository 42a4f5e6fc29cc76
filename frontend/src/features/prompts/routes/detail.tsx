import { PlaceholderPage } from "@/components/PlaceholderPage";

export function Component() {
  return (
    <PlaceholderPage title="Prompt">
      {"The prompt with its Field, Tenor and Mode, example output, notes and source document; a Test panel with a textbox for each variable, the provider and model, and the Response."}
    </PlaceholderPage>
  );
}
