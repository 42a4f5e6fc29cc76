import { MantineProvider } from "@mantine/core";
import { render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryRouter, RouterProvider, useLocation } from "react-router";

import { tokens } from "@/api";

import { RedirectIfSignedIn, RequireAuth } from "./guards";

function Where() {
  const { pathname, search } = useLocation();
  return <p data-testid="where">{`${pathname}${search}`}</p>;
}

function renderAt(path: string) {
  const router = createMemoryRouter(
    [
      { element: <RedirectIfSignedIn />, children: [{ path: "login", element: <Where /> }] },
      { element: <RequireAuth />, children: [{ path: "*", element: <Where /> }] },
    ],
    { initialEntries: [path] },
  );
  render(
    <MantineProvider env="test">
      <RouterProvider router={router} />
    </MantineProvider>,
  );
  return () => screen.getByTestId("where").textContent;
}

afterEach(() => tokens.clear());

describe("the route guards", () => {
  it("send a signed-out visitor to /login with the way back", () => {
    const where = renderAt("/prompts/42/history?tab=diff");
    expect(where()).toBe("/login?next=%2Fprompts%2F42%2Fhistory%3Ftab%3Ddiff");
  });

  it("let a signed-in user through", () => {
    tokens.set({ access: "a", refresh: "r" });
    expect(renderAt("/settings")()).toBe("/settings");
  });

  it("send a signed-in user from /login to where they were going", () => {
    tokens.set({ access: "a", refresh: "r" });
    expect(renderAt("/login?next=%2Fsearch")()).toBe("/search");
  });

  it("ignore a next that leaves the site", () => {
    tokens.set({ access: "a", refresh: "r" });
    expect(renderAt("/login?next=%2F%2Fevil.example")()).toBe("/");
  });

  it("send to plain /login after signing out, not back to the last page", () => {
    tokens.set({ access: "a", refresh: "r" });
    tokens.clear("signed-out");
    expect(renderAt("/settings")()).toBe("/login");
  });
});
