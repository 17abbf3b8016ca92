import { titleFrom } from "@/app/_components/page-meta";
import { AuthPage } from "@/app/_components/auth-page";

export const generateMetadata = titleFrom("Auth", "signInTitle");

export default function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  return <AuthPage mode="sign-in" searchParams={searchParams} />;
}
