import { AuthLayout } from "../components/AuthLayout";
import { CredentialsForm } from "../components/CredentialsForm";

export function Component() {
  return (
    <AuthLayout title="Sign in">
      <CredentialsForm kind="login" />
    </AuthLayout>
  );
}
