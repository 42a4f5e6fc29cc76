import { Button, Group, Modal, Text } from "@mantine/core";

/**
 * Placeholder: importing a JSON file with a per-item report is built with the import/export
 * screens (issue 12). Until then this says so rather than pretending to import.
 */
export function ImportDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Import prompts" centered>
      <Text size="sm">
        Importing a JSON file (an export of this app or of the original SFL Prompt Architect), with a report of what
        was created, updated or refused, is not built yet.
      </Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose}>
          Close
        </Button>
      </Group>
    </Modal>
  );
}
