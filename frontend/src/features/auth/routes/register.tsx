import { AuthLayout } from "../components/AuthLayout";
import { CredentialsForm } from "../components/CredentialsForm";

export function Component() {
  return (
    <AuthLayout title="Create account">
      <CredentialsForm kind="register" />
    </AuthLayout>
  );
}
