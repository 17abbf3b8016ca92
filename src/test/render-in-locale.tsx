/**
 * Static render of a component tree under next-intl in one of the app's locales (America/Sao_Paulo),
 * for tests that check every message a component uses is present: `errors` collects what next-intl
 * reports (a missing key, a bad ICU argument); `text` is the markup's text with white space folded.
 */
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { NextIntlClientProvider } from "next-intl";
import en from "../../messages/en.json";
import pt from "../../messages/pt-BR.json";

export function renderInLocale(locale: "en" | "pt-BR", tree: ReactNode) {
  const errors: unknown[] = [];
  const html = renderToStaticMarkup(
    <NextIntlClientProvider
      locale={locale}
      messages={locale === "en" ? en : pt}
      timeZone="America/Sao_Paulo"
      onError={(e) => errors.push(e)}
    >
      {tree}
    </NextIntlClientProvider>,
  );
  const text = html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ");
  return { html, text, errors };
}
