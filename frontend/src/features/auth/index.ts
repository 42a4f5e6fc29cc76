/** Signing in, creating an account, signing out, and who is signed in. */
export { useCurrentUser } from "./hooks/useCurrentUser";
export { useSignOut } from "./hooks/useSession";
export { authKeys } from "./queryKeys";
