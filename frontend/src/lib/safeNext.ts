/**
 * The path to return to after signing in, from `?next=`; only a path on this site, so a crafted
 * link cannot send a fresh session to another origin (`//evil.example`, `/\evil.example`).
 */
export function safeNext(value: string | null | undefined, fallback = "/"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
    return fallback;
  }
  // A return path that is itself a sign-in page would loop.
  if (/^\/(login|register)(\/|\?|$)/.test(value)) return fallback;
  return value;
}

/** `/login?next=...` for the current location. */
export function loginPathFor(pathname: string, search = ""): string {
  const next = `${pathname}${search}`;
  return next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`;
}
