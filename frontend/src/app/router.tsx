/**
 * Every route of UI.md. Each screen is a route module (`features/<f>/routes/<name>.tsx` exporting
 * `Component`) loaded on first visit, so the initial bundle holds only the shell.
 */
import { createBrowserRouter, type RouteObject } from "react-router";

import { AppLayout } from "./AppLayout";
import { RedirectIfSignedIn, RequireAuth } from "./guards";
import { Root } from "./Root";
import { NotFoundPage, RouteError } from "./RouteError";

export const routes: RouteObject[] = [
  {
    element: <Root />,
    errorElement: <RouteError />,
    children: [
      {
        element: <RedirectIfSignedIn />,
        children: [
          { path: "login", lazy: () => import("@/features/auth/routes/login") },
          { path: "register", lazy: () => import("@/features/auth/routes/register") },
        ],
      },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <AppLayout />,
            children: [
              {
                // Inside the layout, so a failing screen keeps the navigation around it.
                errorElement: <RouteError />,
                children: [
                  { index: true, lazy: () => import("@/features/prompts/routes/library") },
                  { path: "prompts/new", lazy: () => import("@/features/prompts/routes/new") },
                  { path: "prompts/:id", lazy: () => import("@/features/prompts/routes/detail") },
                  { path: "prompts/:id/edit", lazy: () => import("@/features/prompts/routes/edit") },
                  { path: "prompts/:id/history", lazy: () => import("@/features/prompts/routes/history") },
                  { path: "wizard", lazy: () => import("@/features/prompts/routes/wizard") },
                  { path: "lab", lazy: () => import("@/features/lab/routes/workflows") },
                  { path: "lab/:workflowId", lazy: () => import("@/features/lab/routes/workflow") },
                  { path: "documents", lazy: () => import("@/features/documents/routes/documents") },
                  { path: "documents/:id", lazy: () => import("@/features/documents/routes/document") },
                  { path: "search", lazy: () => import("@/features/search/routes/search") },
                  { path: "settings", lazy: () => import("@/features/settings/routes/settings") },
                  { path: "help", lazy: () => import("@/features/help/routes/help") },
                  { path: "*", element: <NotFoundPage /> },
                ],
              },
            ],
          },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
