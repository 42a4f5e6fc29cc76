/**
 * The server's password rules (settings.AUTH_PASSWORD_VALIDATORS), said before submit. Length and
 * all-digits are checked here as well; "common" and "too similar to the email" only the server can
 * judge, and its messages appear next to the field.
 */
export const MIN_PASSWORD_LENGTH = 8;

export const PASSWORD_RULES = [
  `at least ${MIN_PASSWORD_LENGTH} characters`,
  "not only digits",
  "not a commonly used password",
  "not too similar to your email address",
] as const;

/** The first rule a password breaks that the browser can tell, or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  if (/^\d+$/.test(password)) return "Use more than digits.";
  return null;
}
