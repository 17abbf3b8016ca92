import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { LanguageSwitcher } from "./_components/language-switcher";
import { csrfToken, getViewer } from "./_components/session";
import { SignOutButton } from "@/features/accounts/components/sign-out-button";
import { AlertBanner } from "@/features/alerts/components/alert-banner";
import { Providers } from "./providers";
import "./globals.css";

/** The main navigation; `admin` entries are the console. */
const NAV: {
  href: string;
  label:
    | "navForecast"
    | "navProjects"
    | "navEto"
    | "navRuns"
    | "navSchedules"
    | "navWebhooks"
    | "navConsole"
    | "navPortfolios"
    | "navCompare"
    | "navOpportunities"
    | "navAssets"
    | "navReports";
  admin?: boolean;
}[] = [
  { href: "/forecast", label: "navForecast" },
  { href: "/projects", label: "navProjects" },
  { href: "/eto", label: "navEto" },
  { href: "/assets", label: "navAssets" },
  { href: "/portfolios", label: "navPortfolios" },
  { href: "/compare", label: "navCompare" },
  { href: "/opportunities", label: "navOpportunities" },
  { href: "/reports", label: "navReports" },
  { href: "/runs", label: "navRuns" },
  { href: "/schedules", label: "navSchedules" },
  { href: "/webhooks", label: "navWebhooks" },
  { href: "/console", label: "navConsole", admin: true },
];

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("Common");
  return {
    title: { default: "Fluxo", template: "%s · Fluxo" },
    description: t("tagline"),
    manifest: "/manifest.webmanifest",
    icons: {
      icon: [
        { url: "/favicon.ico", sizes: "16x16 32x32 48x48" },
        { url: "/icon.svg", type: "image/svg+xml" },
      ],
      apple: "/apple-touch-icon.png",
    },
  };
}

export const viewport: Viewport = { themeColor: "#4338ca" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations("Common");
  const tProjects = await getTranslations("Projects");
  const tPortfolio = await getTranslations("portfolio");
  const tMarket = await getTranslations("market");
  const tReports = await getTranslations("Reports");
  const viewer = await getViewer();
  const csrf = await csrfToken();
  return (
    <html lang={locale}>
      <head>{csrf && <meta name="csrf-token" content={csrf} />}</head>
      <body className="min-h-screen font-sans">
        <NextIntlClientProvider>
          <Providers>
            <a
              href="#main"
              className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:p-2"
            >
              {t("skipToContent")}
            </a>
            <header className="border-b border-slate-200 bg-white">
              <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
                <div className="flex items-center gap-6">
                  <Link href="/" className="text-lg font-bold tracking-tight text-indigo-700">
                    {t("appName")}
                  </Link>
                  {viewer && (
                    <nav
                      aria-label="Main"
                      className="flex flex-wrap gap-x-4 gap-y-1 text-sm font-medium text-slate-700"
                    >
                      {NAV.filter((n) => !n.admin || viewer.role === "admin").map((n) => (
                        <Link key={n.href} href={n.href} className="hover:text-indigo-700">
                          {n.label === "navProjects"
                            ? tProjects("nav")
                            : n.label === "navReports"
                              ? tReports("nav")
                              : n.label === "navAssets"
                                ? tMarket("nav")
                                : n.label === "navPortfolios" ||
                                    n.label === "navCompare" ||
                                    n.label === "navOpportunities"
                                  ? tPortfolio(n.label)
                                  : t(n.label)}
                        </Link>
                      ))}
                    </nav>
                  )}
                </div>
                <div className="flex items-center gap-4">
                  {viewer ? (
                    <>
                      <Link
                        href="/account"
                        className="text-sm text-slate-700 hover:text-indigo-700"
                        data-testid="account-link"
                      >
                        {viewer.email}
                        {viewer.role === "admin" && (
                          <span className="ml-1 rounded bg-indigo-50 px-1 text-xs text-indigo-700">{t("admin")}</span>
                        )}
                      </Link>
                      <SignOutButton />
                    </>
                  ) : (
                    <>
                      <Link href="/sign-in" className="text-sm font-medium text-slate-700 hover:text-indigo-700">
                        {t("signIn")}
                      </Link>
                      <Link href="/sign-up" className="text-sm font-medium text-indigo-700 hover:underline">
                        {t("signUp")}
                      </Link>
                    </>
                  )}
                  <LanguageSwitcher />
                </div>
              </div>
            </header>
            {viewer?.role === "admin" && <AlertBanner />}
            <main id="main" className="mx-auto max-w-6xl px-4 py-8">
              {children}
            </main>
          </Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
