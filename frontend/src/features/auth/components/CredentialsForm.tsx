import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { Link, useLocation } from "react-router";

import { ApiError } from "@/api";

import { useSignIn } from "../hooks/useSession";
import { PASSWORD_RULES, passwordProblem } from "../passwordRules";

interface CredentialsFormProps {
  kind: "login" | "register";
}

const WORDS = {
  login: { submit: "Sign in", pending: "Signing in…", other: "/register", otherLink: "Create an account", otherText: "New here?" },
  register: { submit: "Create account", pending: "Creating account…", other: "/login", otherLink: "Sign in", otherText: "Already have an account?" },
} as const;

function alertText(error: ApiError): string {
  if (error.code === "rate_limited" && error.retryAfter !== null) {
    return `${error.message} Try again in ${error.retryAfter} seconds.`;
  }
  if (error.code === "validation_error") {
    return error.fieldError("nonFieldErrors") ?? "Check the fields marked below.";
  }
  return error.message;
}

/** Sign in and create account share one form: Email, Password, one button (UI.md names). */
export function CredentialsForm({ kind }: CredentialsFormProps) {
  const words = WORDS[kind];
  const { search } = useLocation();
  const signIn = useSignIn(kind);
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { email: "", password: "" },
    // A server error is about what was sent; once the user edits, it no longer applies.
    onValuesChange: () => {
      if (signIn.error) signIn.reset();
    },
    validate: {
      email: (value) => (/^\S+@\S+\.\S+$/.test(value.trim()) ? null : "Enter an email address such as ada@example.com."),
      password: (value) => {
        if (!value) return "Enter your password.";
        return kind === "register" ? passwordProblem(value) : null;
      },
    },
  });

  const error = signIn.error instanceof ApiError ? signIn.error : null;
  // A taken email (409) belongs next to the Email field as much as in the summary.
  const emailError = error?.fieldError("email") ?? (error?.code === "conflict" ? error.message : undefined);
  const passwordError = error?.fieldError("password");

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => signIn.mutate({ email: values.email.trim(), password: values.password }))}
    >
      <Stack gap="md">
        {signIn.error && (
          <Alert role="alert" color="red" variant="light" title={kind === "login" ? "Could not sign in" : "Could not create the account"}>
            {error ? alertText(error) : "Something went wrong. Try again."}
          </Alert>
        )}
        <TextInput
          label="Email"
          type="email"
          autoComplete="email"
          inputMode="email"
          withAsterisk={false}
          required
          key={form.key("email")}
          {...form.getInputProps("email")}
          error={form.errors.email ?? emailError}
        />
        <PasswordInput
          label="Password"
          autoComplete={kind === "login" ? "current-password" : "new-password"}
          withAsterisk={false}
          required
          description={
            kind === "register" ? (
              <Text span size="xs" c="dimmed" display="block">
                A password needs: {PASSWORD_RULES.join("; ")}.
              </Text>
            ) : undefined
          }
          inputWrapperOrder={["label", "input", "description", "error"]}
          visibilityToggleButtonProps={{ "aria-label": "Show or hide the password" }}
          key={form.key("password")}
          {...form.getInputProps("password")}
          error={form.errors.password ?? passwordError}
          // Mantine marks only the wrapper of a PasswordInput; screen readers read the input.
          aria-invalid={Boolean(form.errors.password ?? passwordError)}
        />
        <Button type="submit" fullWidth disabled={signIn.isPending} aria-busy={signIn.isPending}>
          {signIn.isPending ? words.pending : words.submit}
        </Button>
        <Text size="sm" ta="center">
          {words.otherText}{" "}
          <Anchor component={Link} to={`${words.other}${search}`} underline="always">
            {words.otherLink}
          </Anchor>
        </Text>
      </Stack>
    </form>
  );
}
