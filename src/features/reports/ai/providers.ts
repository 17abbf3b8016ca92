/**
 * AI narrative providers behind one interface: each speaks the OpenAI-compatible chat completions
 * API (POST {baseUrl}/chat/completions with { model, messages }, `Authorization: Bearer <key>`).
 * Configured in AI_PROVIDERS; asked in parallel, each with its own timeout; an answer is cached for
 * AI_RESPONSE_CACHE_TTL_S (5 min) by provider, model and messages. A provider's failure is reported
 * in its answer, never thrown: the caller decides what "all failed" means.
 */
import { env } from "@/env";
import { cache } from "@/server/cache";

export interface AiProviderConfig {
  name: string;
  baseUrl: string;
  model: string;
  apiKey?: string;
}

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatAnswer {
  text: string;
  usage: { promptTokens: number | null; completionTokens: number | null } | null;
}

export type AiFailure = "timeout" | "http" | "network" | "shape" | "aborted";

export class AiProviderError extends Error {
  override name = "AiProviderError";
  constructor(
    readonly provider: string,
    readonly reason: AiFailure,
    readonly status: number | null,
    message: string,
  ) {
    super(`${provider}: ${message}`);
  }
}

export interface AiProvider {
  readonly name: string;
  readonly model: string;
  readonly baseUrl: string;
  chat(messages: readonly ChatMessage[], o: { timeoutMs: number; signal?: AbortSignal }): Promise<ChatAnswer>;
}

/** The provider's error text, short: OpenAI-style `{ error: { message } }` or the start of the body. */
function errorText(status: number, body: string): string {
  let detail = body.trim().slice(0, 200);
  try {
    const j = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const m = typeof j.error === "string" ? j.error : (j.error?.message ?? j.message);
    if (typeof m === "string" && m) detail = m.slice(0, 200);
  } catch {
    /* not JSON */
  }
  const what = status === 401 || status === 403 ? "the API key was refused" : status === 429 ? "rate limited" : "error";
  return `HTTP ${status} (${what})${detail ? `: ${detail}` : ""}`;
}

/** A client of one OpenAI-compatible endpoint. */
export function chatProvider(cfg: AiProviderConfig): AiProvider {
  const url = `${cfg.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  return {
    name: cfg.name,
    model: cfg.model,
    baseUrl: cfg.baseUrl,
    async chat(messages, o) {
      const timeout = AbortSignal.timeout(o.timeoutMs);
      const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
      const fail = (reason: AiFailure, status: number | null, message: string) =>
        new AiProviderError(cfg.name, reason, status, message);
      let res: Response;
      let body: string;
      try {
        res = await fetch(url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "application/json",
            ...(cfg.apiKey ? { authorization: `Bearer ${cfg.apiKey}` } : {}),
          },
          body: JSON.stringify({ model: cfg.model, messages }),
          signal,
        });
        body = await res.text();
      } catch (e) {
        if (timeout.aborted) throw fail("timeout", null, `no answer within ${o.timeoutMs} ms`);
        if (o.signal?.aborted) throw fail("aborted", null, "the request was cancelled");
        throw fail("network", null, `request failed (${(e as Error).message})`);
      }
      if (!res.ok) throw fail("http", res.status, errorText(res.status, body));
      let j: {
        choices?: { message?: { content?: unknown } }[];
        usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
      };
      try {
        j = JSON.parse(body) as typeof j;
      } catch {
        throw fail("shape", res.status, "the answer is not JSON");
      }
      const content = j?.choices?.[0]?.message?.content;
      if (typeof content !== "string" || !content.trim())
        throw fail("shape", res.status, "the answer has no choices[0].message.content");
      const n = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
      return {
        text: content.trim(),
        usage: j.usage
          ? { promptTokens: n(j.usage.prompt_tokens), completionTokens: n(j.usage.completion_tokens) }
          : null,
      };
    },
  };
}

/** The providers AI_PROVIDERS configures (none: an empty list). */
export function configuredProviders(): AiProvider[] {
  return env().AI_PROVIDERS.map(chatProvider);
}

/** One provider's answer (or its failure), as reports show them side by side. */
export interface ProviderAnswer {
  provider: string;
  model: string;
  ok: boolean;
  text: string | null;
  error: string | null;
  status: number | null;
  ms: number;
  /** Served from the response cache. */
  cached: boolean;
}

export const AI_RESPONSE_NS = "reports.ai-response";

export interface AskOptions {
  timeoutMs?: number;
  responseTtlMs?: number;
  signal?: AbortSignal;
}

/** Ask one provider through the response cache (errors are not cached). */
export async function askOne(
  p: AiProvider,
  messages: readonly ChatMessage[],
  o: AskOptions = {},
): Promise<ProviderAnswer> {
  const e = env();
  const timeoutMs = o.timeoutMs ?? e.AI_TIMEOUT_MS;
  const ttlMs = o.responseTtlMs ?? e.AI_RESPONSE_CACHE_TTL_S * 1000;
  const t0 = performance.now();
  const base = { provider: p.name, model: p.model };
  try {
    const call = () => p.chat(messages, { timeoutMs, signal: o.signal });
    const { value, source } =
      ttlMs > 0
        ? await cache().getOrComputeWithSource(
            AI_RESPONSE_NS,
            { provider: p.name, baseUrl: p.baseUrl, model: p.model, messages },
            { ttlMs },
            call,
          )
        : { value: await call(), source: "compute" as const };
    return {
      ...base,
      ok: true,
      text: value.text,
      error: null,
      status: 200,
      ms: Math.round(performance.now() - t0),
      cached: source !== "compute",
    };
  } catch (err) {
    o.signal?.throwIfAborted(); // the run was cancelled: not a provider failure
    const pe = err instanceof AiProviderError ? err : null;
    return {
      ...base,
      ok: false,
      text: null,
      error: pe ? pe.message : `${p.name}: ${(err as Error).message}`,
      status: pe?.status ?? null,
      ms: Math.round(performance.now() - t0),
      cached: false,
    };
  }
}

/** Ask every provider at once; the answers in the providers' order. */
export function askProviders(
  providers: readonly AiProvider[],
  messages: readonly ChatMessage[],
  o: AskOptions = {},
): Promise<ProviderAnswer[]> {
  return Promise.all(providers.map((p) => askOne(p, messages, o)));
}
