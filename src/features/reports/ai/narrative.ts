/**
 * A report's narrative: every configured AI provider asked in parallel with the same prompt, their
 * answers side by side, and a consensus — a final call to the first provider that answered, given
 * all the answers (method "provider"); when that call fails, the sentences the answers share
 * (method "shared-points"). With no provider configured, or when every provider fails, the
 * narrative is the deterministic text generated from the metrics, labelled so.
 * The prompt of a subject (kind, subject, locale) is cached for AI_PROMPT_CACHE_TTL_S (1 h): within
 * the hour the providers get the same prompt, so their cached answers (5 min) are reused.
 */
import { env } from "@/env";
import { cache } from "@/server/cache";
import type { ReportLocale } from "../report-format";
import { reportLabels } from "../report-labels";
import {
  askOne,
  askProviders,
  configuredProviders,
  type AiProvider,
  type ChatMessage,
  type ProviderAnswer,
} from "./providers";
import { sharedPoints } from "./shared-points";

export interface NarrativeInput {
  /** What the narrative is about ("asset", "compare", …) and its key (a ticker, tickers, a portfolio id). */
  kind: string;
  subjectKey: string;
  /** Human name of the subject ("PETR4 — Petrobras PN"). */
  subject: string;
  locale: ReportLocale;
  /** The figures, formatted in the locale. */
  facts: { label: string; value: string }[];
  /** The deterministic narrative from the metrics (used when no provider answers). */
  fromMetrics: string;
}

export interface Consensus {
  method: "provider" | "shared-points" | "single";
  /** The provider asked for the consensus (method "provider") or the one that answered ("single"). */
  provider: string | null;
  text: string;
}

export interface Narrative {
  source: "ai" | "metrics";
  /** Says where the text comes from (AI providers, or the metrics with no AI). */
  label: string;
  /** The narrative to read: the consensus, or the text from the metrics. */
  text: string;
  answers: ProviderAnswer[];
  consensus: Consensus | null;
}

export const AI_PROMPT_NS = "reports.ai-prompt";

const LANGUAGE: Record<ReportLocale, string> = { en: "English", "pt-BR": "Brazilian Portuguese" };

export function buildPrompt(i: NarrativeInput): ChatMessage[] {
  return [
    {
      role: "system",
      content:
        `You are a financial analyst writing the narrative section of a report on assets listed on B3 (Brazil). ` +
        `Use only the figures given; explain what they say about return, risk and drawdown; no investment advice. ` +
        `Answer in ${LANGUAGE[i.locale]}, in 3 to 6 sentences of plain text.`,
    },
    {
      role: "user",
      content: [
        `Report: ${i.kind}`,
        `Subject: ${i.subject}`,
        "Figures:",
        ...i.facts.map((f) => `- ${f.label}: ${f.value}`),
      ].join("\n"),
    },
  ];
}

function consensusPrompt(locale: ReportLocale, answers: ProviderAnswer[]): ChatMessage[] {
  return [
    {
      role: "system",
      content:
        `You merge several analysts' answers into one consensus. Keep only the points most answers agree on; ` +
        `mention a disagreement in one sentence if there is one. Answer in ${LANGUAGE[locale]}, 2 to 4 sentences of plain text.`,
    },
    { role: "user", content: answers.map((a, k) => `Answer ${k + 1} (${a.provider}):\n${a.text}`).join("\n\n") },
  ];
}

export interface NarrateOptions {
  providers?: readonly AiProvider[];
  signal?: AbortSignal;
  timeoutMs?: number;
  promptTtlMs?: number;
  responseTtlMs?: number;
}

/** The narrative of a report (never throws for a provider's failure; a cancelled run aborts it). */
export async function narrate(input: NarrativeInput, o: NarrateOptions = {}): Promise<Narrative> {
  const L = reportLabels(input.locale);
  const providers = o.providers ?? configuredProviders();
  if (providers.length === 0)
    return { source: "metrics", label: L("metricsLabel"), text: input.fromMetrics, answers: [], consensus: null };

  const promptTtlMs = o.promptTtlMs ?? env().AI_PROMPT_CACHE_TTL_S * 1000;
  const messages =
    promptTtlMs > 0
      ? await cache().getOrCompute(
          AI_PROMPT_NS,
          { kind: input.kind, subject: input.subjectKey, locale: input.locale },
          { ttlMs: promptTtlMs },
          async () => buildPrompt(input),
        )
      : buildPrompt(input);
  const ask = { signal: o.signal, timeoutMs: o.timeoutMs, responseTtlMs: o.responseTtlMs };
  const answers = await askProviders(providers, messages, ask);
  const good = answers.filter((a) => a.ok && a.text);
  if (good.length === 0)
    return { source: "metrics", label: L("metricsFallbackLabel"), text: input.fromMetrics, answers, consensus: null };

  const label = L("aiLabel", { providers: good.map((a) => a.provider).join(", ") });
  if (good.length === 1) {
    const only = good[0]!;
    const consensus: Consensus = { method: "single", provider: only.provider, text: only.text! };
    return { source: "ai", label, text: only.text!, answers, consensus };
  }
  const first = providers.find((p) => p.name === good[0]!.provider)!;
  const merged = await askOne(first, consensusPrompt(input.locale, good), ask);
  const consensus: Consensus =
    merged.ok && merged.text
      ? { method: "provider", provider: first.name, text: merged.text }
      : { method: "shared-points", provider: null, text: sharedPoints(good.map((a) => a.text!)) };
  return { source: "ai", label, text: consensus.text, answers, consensus };
}
