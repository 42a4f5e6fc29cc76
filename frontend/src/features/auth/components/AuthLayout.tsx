import { Box, Center, Container, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import type { ReactNode } from "react";

import { ColorSchemeToggle } from "@/components/ColorSchemeToggle";
import { Logo } from "@/components/Logo";

/** The frame of the signed-out pages: no navigation, one card in the middle. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  useDocumentTitle(`${title} · SFL Prompt Architect`);
  return (
    <Box mih="100vh" py="xl">
      <Container size={440}>
        <Group justify="space-between" mb="xl" component="header">
          <Logo />
          <ColorSchemeToggle />
        </Group>
        <Center component="main">
          <Paper w="100%" p="xl" radius="md" bg="var(--sfl-surface)">
            <Stack gap="md">
              <div>
                <Title order={1} size="h2">
                  {title}
                </Title>
                <Text c="dimmed" size="sm" mt={4}>
                  Design prompts by Field, Tenor and Mode.
                </Text>
              </div>
              {children}
            </Stack>
          </Paper>
        </Center>
      </Container>
    </Box>
  );
}
