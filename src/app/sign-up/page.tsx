import { titleFrom } from "@/app/_components/page-meta";
import { AuthPage } from "@/app/_components/auth-page";

export const generateMetadata = titleFrom("Auth", "signUpTitle");

export default function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  return <AuthPage mode="sign-up" searchParams={searchParams} />;
}
