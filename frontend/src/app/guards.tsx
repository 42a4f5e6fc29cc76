/** Who may see which routes: signed-out users go to /login (and come back), signed-in ones skip it. */
import { Navigate, Outlet, useLocation, useSearchParams } from "react-router";

import { tokens, useSignedIn } from "@/api";
import { loginPathFor, safeNext } from "@/lib/safeNext";

export function RequireAuth() {
  const signedIn = useSignedIn();
  const { pathname, search } = useLocation();
  if (!signedIn) {
    const to = tokens.endedBy() === "signed-out" ? "/login" : loginPathFor(pathname, search);
    return <Navigate to={to} replace />;
  }
  return <Outlet />;
}

export function RedirectIfSignedIn() {
  const signedIn = useSignedIn();
  const [params] = useSearchParams();
  if (signedIn) return <Navigate to={safeNext(params.get("next"))} replace />;
  return <Outlet />;
}
