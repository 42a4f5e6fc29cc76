import { PlaceholderPage } from "@/components/PlaceholderPage";

export function Component() {
  return (
    <PlaceholderPage title="Workflow">
      {"The workflow's tasks as nodes on a canvas with their status; Run it with an Input, Cancel or Resume a run, and read each task's result."}
    </PlaceholderPage>
  );
}
