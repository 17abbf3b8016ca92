/**
 * What the narrative is told (the figures, formatted in the report's locale) and the deterministic
 * narrative written from the same metrics when no AI provider answers — per report kind, in en and pt-BR.
 */
import type { AssetAnalysis, Comparison, MetricsDto, PortfolioAnalysis } from "@/features/portfolio";
import type { NarrativeInput } from "./ai/narrative";
import { reportFormat, type ReportFormat, type ReportLocale } from "./report-format";
import { reportLabels, type Labels } from "./report-labels";
import type { MarketOverviewData } from "./report-market";
import { metricRowsOf } from "./report-common";

const pt = (l: ReportLocale) => l === "pt-BR";

export function metricFacts(m: MetricsDto, f: ReportFormat, L: Labels): { label: string; value: string }[] {
  return [
    { label: pt(f.locale) ? "Período" : "Period", value: L("period", { start: f.day(m.start), end: f.day(m.end) }) },
    ...metricRowsOf(
      [
        "cumulativeReturn",
        "annualReturn",
        "annualVolatility",
        "sharpe",
        "sortino",
        "maxDrawdown",
        "calmar",
        "var",
        "cvar",
        "beta",
        "alpha",
      ],
      m,
      L,
      f,
    ),
  ];
}

function quality(sharpe: number | null, l: ReportLocale): string {
  if (sharpe === null) return "";
  const [good, modest, poor] = pt(l)
    ? ["um bom retorno para o risco", "um retorno modesto para o risco", "um retorno abaixo do risco assumido"]
    : ["a good return for the risk taken", "a modest return for the risk taken", "a return below the risk taken"];
  return sharpe >= 1 ? good : sharpe >= 0 ? modest : poor;
}

/** Two sentences on return/risk and drawdown of one series. */
function metricsSentences(who: string, m: MetricsDto, f: ReportFormat): string {
  const q = quality(m.sharpe, f.locale);
  const rec = m.maxDrawdownRecovery;
  if (pt(f.locale))
    return (
      `${who} rendeu ${f.percent(m.cumulativeReturn)} de ${f.day(m.start)} a ${f.day(m.end)}, ${f.percent(m.annualReturn)} ao ano, ` +
      `com volatilidade anual de ${f.percent(m.annualVolatility)} e índice de Sharpe de ${f.number(m.sharpe)}${q ? ` (${q})` : ""}. ` +
      `A maior queda foi de ${f.percent(m.maxDrawdown)}, de ${f.day(m.maxDrawdownPeak)} a ${f.day(m.maxDrawdownTrough)}; ` +
      `${rec ? `recuperou-se em ${f.day(rec)}` : "ainda não se recuperou"}. ` +
      `Em 5 % dos dias a perda passou de ${f.percent(Math.abs(m.var))} (VaR histórico).`
    );
  return (
    `${who} returned ${f.percent(m.cumulativeReturn)} from ${f.day(m.start)} to ${f.day(m.end)}, ${f.percent(m.annualReturn)} a year, ` +
    `with an annual volatility of ${f.percent(m.annualVolatility)} and a Sharpe ratio of ${f.number(m.sharpe)}${q ? ` (${q})` : ""}. ` +
    `The deepest fall was ${f.percent(m.maxDrawdown)}, from ${f.day(m.maxDrawdownPeak)} to ${f.day(m.maxDrawdownTrough)}; ` +
    `${rec ? `it recovered on ${f.day(rec)}` : "it has not recovered yet"}. ` +
    `On 5 % of days the loss exceeded ${f.percent(Math.abs(m.var))} (historical VaR).`
  );
}

export function assetNarrativeInput(a: AssetAnalysis, locale: ReportLocale): NarrativeInput {
  const f = reportFormat(locale);
  const L = reportLabels(locale);
  const who = a.name ? `${a.ticker} (${a.name})` : a.ticker;
  const high =
    a.high52w.drawdown < 0
      ? pt(locale)
        ? ` Está ${f.percent(Math.abs(a.high52w.drawdown))} abaixo da máxima de 52 semanas (${f.money(a.high52w.price, a.currency)}).`
        : ` It is ${f.percent(Math.abs(a.high52w.drawdown))} below its 52-week high (${f.money(a.high52w.price, a.currency)}).`
      : "";
  return {
    kind: "asset",
    subjectKey: a.ticker,
    subject: who,
    locale,
    facts: [
      ...metricFacts(a.metrics, f, L),
      { label: L("m12"), value: f.change(a.momentum.m12) },
      { label: L("fromHigh"), value: f.percent(a.high52w.drawdown) },
      { label: L("priceEarnings"), value: f.number(a.fundamentals.priceEarnings) },
      { label: L("dividendYield"), value: f.percent(a.fundamentals.dividendYield) },
    ],
    fromMetrics: metricsSentences(who, a.metrics, f) + high,
  };
}

const best = <T>(xs: T[], by: (x: T) => number | null | undefined, dir: 1 | -1): T | undefined =>
  xs.filter((x) => typeof by(x) === "number" && Number.isFinite(by(x)!)).sort((p, q) => dir * (by(q)! - by(p)!))[0];

export function compareNarrativeInput(c: Comparison, locale: ReportLocale): NarrativeInput {
  const f = reportFormat(locale);
  const L = reportLabels(locale);
  const rows = c.tickers.map((t) => ({ t, m: c.metrics[t]! })).filter((r) => r.m);
  const topReturn = best(rows, (r) => r.m.annualReturn, 1);
  const lowVol = best(rows, (r) => r.m.annualVolatility, -1);
  const topSharpe = best(rows, (r) => r.m.sharpe, 1);
  let p: { a: string; b: string; r: number } | null = null;
  const mx = c.correlation.matrix;
  for (let i = 0; i < mx.length; i++)
    for (let j = i + 1; j < (mx[i]?.length ?? 0); j++) {
      const r = mx[i]![j];
      if (typeof r === "number" && Number.isFinite(r) && (p === null || r > p.r))
        p = { a: c.correlation.tickers[i]!, b: c.correlation.tickers[j]!, r };
    }
  const text = pt(locale)
    ? `De ${f.day(c.start)} a ${f.day(c.end)}, ${topReturn?.t ?? "–"} teve o maior retorno anual (${f.percent(topReturn?.m.annualReturn)}) ` +
      `e ${lowVol?.t ?? "–"} a menor volatilidade (${f.percent(lowVol?.m.annualVolatility)}). ` +
      `O melhor índice de Sharpe foi o de ${topSharpe?.t ?? "–"} (${f.number(topSharpe?.m.sharpe)}).` +
      (p ? ` O par mais correlacionado é ${p.a}/${p.b} (${f.number(p.r)}).` : "")
    : `From ${f.day(c.start)} to ${f.day(c.end)}, ${topReturn?.t ?? "–"} had the highest annual return (${f.percent(topReturn?.m.annualReturn)}) ` +
      `and ${lowVol?.t ?? "–"} the lowest volatility (${f.percent(lowVol?.m.annualVolatility)}). ` +
      `The best Sharpe ratio was ${topSharpe?.t ?? "–"}'s (${f.number(topSharpe?.m.sharpe)}).` +
      (p ? ` The most correlated pair is ${p.a}/${p.b} (${f.number(p.r)}).` : "");
  return {
    kind: "compare",
    subjectKey: c.tickers.join(","),
    subject: c.tickers.join(", "),
    locale,
    facts: rows.flatMap((r) => [
      { label: `${r.t} ${L("annualReturn")}`, value: f.percent(r.m.annualReturn) },
      { label: `${r.t} ${L("annualVolatility")}`, value: f.percent(r.m.annualVolatility) },
      { label: `${r.t} ${L("sharpe")}`, value: f.number(r.m.sharpe) },
      { label: `${r.t} ${L("maxDrawdown")}`, value: f.percent(r.m.maxDrawdown) },
    ]),
    fromMetrics: text,
  };
}

export function portfolioNarrativeInput(p: PortfolioAnalysis, locale: ReportLocale): NarrativeInput {
  const f = reportFormat(locale);
  const L = reportLabels(locale);
  const name = pt(locale) ? `A carteira ${p.portfolio.name}` : `The portfolio ${p.portfolio.name}`;
  const m = p.metrics;
  const bench =
    p.benchmark && m.beta != null
      ? pt(locale)
        ? ` Em relação a ${p.benchmark.ticker}: beta ${f.number(m.beta)}, alfa ${f.percent(m.alpha)} ao ano.`
        : ` Against ${p.benchmark.ticker}: beta ${f.number(m.beta)}, alpha ${f.percent(m.alpha)} a year.`
      : "";
  const mv = p.optimisation.minVolatility;
  const opt = pt(locale)
    ? ` A combinação de volatilidade mínima teria volatilidade de ${f.percent(mv.volatility)}.`
    : ` The minimum-volatility mix would have had a volatility of ${f.percent(mv.volatility)}.`;
  return {
    kind: "portfolio",
    subjectKey: p.portfolio.id,
    subject: p.portfolio.name,
    locale,
    facts: [
      ...metricFacts(m, f, L),
      ...p.assets.map((a) => ({ label: `${L("weight")} ${a.ticker}`, value: f.percent(a.weight, 1) })),
    ],
    fromMetrics: metricsSentences(name, m, f) + bench + opt,
  };
}

export function marketNarrativeInput(d: MarketOverviewData, locale: ReportLocale): NarrativeInput {
  const f = reportFormat(locale);
  const L = reportLabels(locale);
  const up = best(d.assets, (a) => a.change1d, 1);
  const down = best(d.assets, (a) => a.change1d, -1);
  const topSharpe = d.rankings?.by.sharpe[0];
  const opps = d.opportunities?.opportunities.length ?? 0;
  const text = pt(locale)
    ? `${d.assets.length} ativos no panorama. Maior alta no último dia: ${up?.ticker ?? "–"} (${f.change(up?.change1d)}); ` +
      `maior queda: ${down?.ticker ?? "–"} (${f.change(down?.change1d)}). ` +
      `${opps} oportunidade(s) apontada(s) pelas regras de triagem.` +
      (topSharpe ? ` Melhor índice de Sharpe: ${topSharpe}.` : "")
    : `${d.assets.length} assets in the overview. Biggest gain over the last day: ${up?.ticker ?? "–"} (${f.change(up?.change1d)}); ` +
      `biggest loss: ${down?.ticker ?? "–"} (${f.change(down?.change1d)}). ` +
      `${opps} opportunit${opps === 1 ? "y" : "ies"} flagged by the screening rules.` +
      (topSharpe ? ` Best Sharpe ratio: ${topSharpe}.` : "");
  return {
    kind: "marketOverview",
    subjectKey: `${d.scope}:${d.assets.map((a) => a.ticker).join(",")}`,
    subject: d.scope === "watched" ? L("scopeWatched") : L("scopeAll"),
    locale,
    facts: d.assets.slice(0, 30).map((a) => ({
      label: a.ticker,
      value: `${f.money(a.lastPrice, a.currency)} (${L("change1d")} ${f.change(a.change1d)}, ${L("change1m")} ${f.change(a.change1m)})`,
    })),
    fromMetrics: text,
  };
}
