import { Button, Container, Group, Stack, Text, Title } from "@mantine/core";
import { isRouteErrorResponse, Link, useRouteError } from "react-router";

/**
 * What a route shows when rendering it threw, or its code could not be loaded (a new deploy
 * replaced the chunk this page still points at: a reload fixes that).
 */
export function RouteError() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <Container size="sm" py="xl">
      <Stack gap="md" role="alert">
        <Title order={1}>{notFound ? "Page not found" : "Something went wrong"}</Title>
        <Text>
          {notFound
            ? "There is no page at this address."
            : "This page failed to load. Reloading usually helps; if it keeps happening, the error has been logged in your browser's console."}
        </Text>
        <Group>
          <Button onClick={() => window.location.reload()}>Reload</Button>
          <Button component={Link} to="/" variant="default">
            Go to the library
          </Button>
        </Group>
      </Stack>
    </Container>
  );
}

export function NotFoundPage() {
  return (
    <Stack gap="md">
      <Title order={1}>Page not found</Title>
      <Text>There is no page at this address.</Text>
      <Group>
        <Button component={Link} to="/" variant="default">
          Go to the library
        </Button>
      </Group>
    </Stack>
  );
}
