/**
 * A real HTTP server on 127.0.0.1 (port 0) speaking the OpenAI-compatible chat completions API
 * (POST /<provider>/v1/chat/completions) for several named providers at once: answers in the real
 * shape ({ id, object: "chat.completion", created, model, choices: [{ index, message: { role:
 * "assistant", content }, finish_reason }], usage }), errors as OpenAI sends them ({ error: {
 * message, type, code } }: 401 bad key, 429 rate limit, 500), a hang, malformed JSON; a request log.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { AiProviderConfig } from "@/features/reports/ai/providers";

export interface ChatMessageIn {
  role: string;
  content: string;
}

export type ChatBehaviour =
  | { kind: "answer"; content?: string | ((messages: ChatMessageIn[]) => string); delayMs?: number }
  | { kind: "status"; status: 401 | 429 | 500 | number; message?: string }
  | { kind: "hang" }
  | { kind: "malformed" };

export interface ChatRequest {
  provider: string;
  model: string | null;
  authorization: string | undefined;
  messages: ChatMessageIn[];
  status: number;
}

export interface ChatReplay {
  url: string;
  /** A provider config pointing at this server (`/<name>/v1`); `apiKey` is checked when the provider has one set. */
  provider(name: string, o?: { model?: string; apiKey?: string }): AiProviderConfig;
  set(provider: string, b: ChatBehaviour): void;
  /** Require this bearer key for the provider (wrong or missing: 401). */
  requireKey(provider: string, key: string): void;
  requests: ChatRequest[];
  close(): Promise<void>;
}

const ERROR_TYPES: Record<number, [string, string]> = {
  401: ["invalid_request_error", "invalid_api_key"],
  429: ["rate_limit_exceeded", "rate_limit_exceeded"],
  500: ["server_error", "internal_error"],
};

/** The default answer: names the provider; a consensus request (system prompt says so) gets a consensus. */
function defaultContent(provider: string, messages: ChatMessageIn[]): string {
  const system = messages.find((m) => m.role === "system")?.content ?? "";
  if (/consensus/i.test(system)) return `Consensus by ${provider}: the answers agree that volatility is high.`;
  return `${provider} sees an annual volatility that is high. The drawdown was deep.`;
}

export async function startChatReplay(): Promise<ChatReplay> {
  const behaviours = new Map<string, ChatBehaviour>();
  const keys = new Map<string, string>();
  const requests: ChatRequest[] = [];
  const open = new Set<http.ServerResponse>();
  let seq = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const m = /^\/([^/]+)\/v1\/chat\/completions$/.exec(req.url ?? "");
      const provider = m?.[1] ?? "unknown";
      let body: { model?: unknown; messages?: unknown } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as typeof body;
      } catch {
        /* answered below */
      }
      const messages = Array.isArray(body.messages) ? (body.messages as ChatMessageIn[]) : [];
      const model = typeof body.model === "string" ? body.model : null;
      const log: ChatRequest = { provider, model, authorization: req.headers.authorization, messages, status: 200 };
      requests.push(log);
      const send = (status: number, payload: unknown, raw?: string) => {
        log.status = status;
        res.writeHead(status, { "content-type": "application/json" });
        res.end(raw ?? JSON.stringify(payload));
      };
      const error = (status: number, message: string) => {
        const [type, code] = ERROR_TYPES[status] ?? ["api_error", "error"];
        send(status, { error: { message, type, param: null, code } });
      };
      if (!m || req.method !== "POST") return error(404, `Unknown path ${req.url}`);
      if (!model || messages.length === 0) return error(400, "model and messages are required");
      const key = keys.get(provider);
      if (key && req.headers.authorization !== `Bearer ${key}`)
        return error(
          401,
          "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
        );
      const b = behaviours.get(provider) ?? { kind: "answer" };
      if (b.kind === "hang") {
        open.add(res);
        res.on("close", () => open.delete(res));
        return;
      }
      if (b.kind === "malformed") return send(200, null, '{"id": "chatcmpl-x", "choices": [');
      if (b.kind === "status")
        return error(
          b.status,
          b.message ?? (b.status === 429 ? "Rate limit reached for requests" : "The server had an error"),
        );
      const content =
        typeof b.content === "function" ? b.content(messages) : (b.content ?? defaultContent(provider, messages));
      const answer = () =>
        send(200, {
          id: `chatcmpl-${++seq}`,
          object: "chat.completion",
          created: Math.floor(Date.now() / 1000),
          model,
          choices: [{ index: 0, message: { role: "assistant", content }, logprobs: null, finish_reason: "stop" }],
          usage: {
            prompt_tokens: 42,
            completion_tokens: content.split(/\s+/).length,
            total_tokens: 42 + content.split(/\s+/).length,
          },
        });
      if (b.delayMs) setTimeout(answer, b.delayMs);
      else answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    provider: (name, o = {}) => ({
      name,
      baseUrl: `${url}/${name}/v1`,
      model: o.model ?? `${name}-model`,
      ...(o.apiKey ? { apiKey: o.apiKey } : {}),
    }),
    set: (p, b) => void behaviours.set(p, b),
    requireKey: (p, k) => void keys.set(p, k),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of open) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
