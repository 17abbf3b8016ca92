"use client";

import { useMemo } from "react";
import { useLocale, useTimeZone } from "next-intl";
import { decimalSeparator } from "./holdings-spec";
import { makePortfolioFormat } from "./portfolio-format";

/** The portfolio views' formatting for the active locale and time zone (America/Sao_Paulo), plus its decimal separator. */
export function usePortfolioFormat() {
  const locale = useLocale();
  const timeZone = useTimeZone();
  return useMemo(
    () => ({ ...makePortfolioFormat(locale, timeZone), locale, decimal: decimalSeparator(locale) }),
    [locale, timeZone],
  );
}
