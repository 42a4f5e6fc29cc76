import {
  Anchor,
  AppShell,
  Box,
  Button,
  Container,
  Group,
  NavLink,
  Progress,
  ScrollArea,
  Skeleton,
  Stack,
  Text,
  UnstyledButton,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import {
  IconBooks,
  IconFileText,
  IconHelpCircle,
  IconHierarchy3,
  IconLogout,
  IconSearch,
  IconSettings,
  type Icon,
} from "@tabler/icons-react";
import { useEffect, useRef } from "react";
import { Link, NavLink as RouterNavLink, Outlet, useLocation, useNavigation } from "react-router";

import { ColorSchemeToggle } from "@/components/ColorSchemeToggle";
import { ErrorState } from "@/components/ErrorState";
import { Logo } from "@/components/Logo";
import { useCurrentUser, useSignOut } from "@/features/auth";

import classes from "./AppLayout.module.css";

interface NavItem {
  label: string;
  to: string;
  icon: Icon;
  /** Paths that belong to this section besides its own. */
  matches: (pathname: string) => boolean;
}

const NAV_ITEMS: readonly NavItem[] = [
  {
    label: "Library",
    to: "/",
    icon: IconBooks,
    matches: (p) => p === "/" || p.startsWith("/prompts") || p === "/wizard",
  },
  { label: "Prompt Lab", to: "/lab", icon: IconHierarchy3, matches: (p) => p.startsWith("/lab") },
  { label: "Documents", to: "/documents", icon: IconFileText, matches: (p) => p.startsWith("/documents") },
  { label: "Search", to: "/search", icon: IconSearch, matches: (p) => p.startsWith("/search") },
  { label: "Settings", to: "/settings", icon: IconSettings, matches: (p) => p.startsWith("/settings") },
  { label: "Help", to: "/help", icon: IconHelpCircle, matches: (p) => p.startsWith("/help") },
];

function SideNav({ pathname }: { pathname: string }) {
  return (
    <Stack gap={4}>
      {NAV_ITEMS.map((item) => {
        const active = item.matches(pathname);
        return (
          <NavLink
            key={item.to}
            component={RouterNavLink}
            to={item.to}
            label={item.label}
            leftSection={<item.icon size={18} aria-hidden="true" />}
            active={active}
            aria-current={active ? "page" : undefined}
            variant="light"
            className={classes.navLink}
          />
        );
      })}
    </Stack>
  );
}

/** Phones: the same links as a row that scrolls sideways under the header. */
function PhoneNav({ pathname }: { pathname: string }) {
  const row = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The row scrolls sideways: keep the current section in sight (Help sits past the edge).
    row.current?.querySelector('[aria-current="page"]')?.scrollIntoView?.({ block: "nearest", inline: "nearest" });
  }, [pathname]);
  return (
    <ScrollArea type="never" offsetScrollbars={false} viewportRef={row}>
      <Group gap={6} wrap="nowrap" px="sm" pb={8}>
        {NAV_ITEMS.map((item) => {
          const active = item.matches(pathname);
          return (
            <UnstyledButton
              key={item.to}
              component={RouterNavLink}
              to={item.to}
              aria-current={active ? "page" : undefined}
              className={classes.phoneLink}
              data-active={active || undefined}
            >
              {item.label}
            </UnstyledButton>
          );
        })}
      </Group>
    </ScrollArea>
  );
}

function Account() {
  const phone = useMediaQuery("(max-width: 48em)");
  const me = useCurrentUser();
  const signOut = useSignOut();
  return (
    <Group gap="xs" wrap="nowrap">
      {me.data ? (
        <Text size="sm" c="dimmed" truncate="end" maw={{ base: 150, sm: 280 }} title={me.data.email}>
          {me.data.email}
        </Text>
      ) : (
        <Skeleton height={14} width={120} aria-hidden="true" />
      )}
      <ColorSchemeToggle />
      <Button
        variant="default"
        size={phone ? "compact-sm" : "sm"}
        h={phone ? 34 : undefined}
        leftSection={phone ? undefined : <IconLogout size={16} aria-hidden="true" />}
        onClick={() => signOut.mutate()}
        disabled={signOut.isPending}
      >
        Sign out
      </Button>
    </Group>
  );
}

/** The signed-in frame: header with the account, the main navigation, and the page. */
export function AppLayout() {
  const { pathname } = useLocation();
  const navigation = useNavigation();
  const me = useCurrentUser();

  return (
    <AppShell
      header={{ height: { base: 96, sm: 60 } }}
      navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: true } }}
      padding="md"
    >
      <Anchor href="#main" className={classes.skipLink}>
        Skip to content
      </Anchor>
      <AppShell.Header className={classes.header}>
        {navigation.state === "loading" && (
          <Progress value={100} animated size={3} radius={0} className={classes.progress} aria-label="Loading the page" />
        )}
        <Group h={{ base: 56, sm: 60 }} px="md" justify="space-between" wrap="nowrap">
          <Anchor component={Link} to="/" underline="never" c="inherit" aria-label="SFL Prompt Architect, go to the library">
            <Box visibleFrom="sm">
              <Logo />
            </Box>
            <Box hiddenFrom="sm">
              <Logo compact />
            </Box>
          </Anchor>
          <Account />
        </Group>
        <Box component="nav" aria-label="Main" hiddenFrom="sm">
          <PhoneNav pathname={pathname} />
        </Box>
      </AppShell.Header>

      <AppShell.Navbar p="sm" component="nav" aria-label="Main" visibleFrom="sm" className={classes.navbar}>
        <SideNav pathname={pathname} />
      </AppShell.Navbar>

      <AppShell.Main id="main" tabIndex={-1} className={classes.main}>
        <Container size="xl" px={0}>
          {me.isError ? (
            <ErrorState title="Could not load your account" error={me.error} onRetry={() => void me.refetch()} retrying={me.isFetching} />
          ) : (
            <Outlet />
          )}
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
