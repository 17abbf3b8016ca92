/**
 * The AI narrative against a real loopback server speaking the chat completions API
 * (src/test/chat-replay-server.ts): parallel asks, the response cache, failures per provider, the
 * consensus, and the deterministic narrative when no provider is configured.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startChatReplay, type ChatReplay } from "@/test/chat-replay-server";
import { assetNarrativeInput } from "../narrative-facts";
import { assetAnalysis } from "../test-fixtures";
import { narrate, type NarrativeInput } from "./narrative";
import { askProviders, chatProvider } from "./providers";
import { sharedPoints } from "./shared-points";

let chat: ChatReplay;
beforeAll(async () => {
  chat = await startChatReplay();
});
afterAll(async () => {
  await chat?.close();
});

/** A subject no other test used (the caches are process-wide). */
function input(locale: "en" | "pt-BR" = "en"): NarrativeInput {
  return { ...assetNarrativeInput(assetAnalysis(), locale), subjectKey: randomUUID() };
}
const count = (p: string) => chat.requests.filter((r) => r.provider === p).length;

describe("AI providers (OpenAI-compatible chat API)", () => {
  it("asks every provider in parallel and sends model, messages and the bearer key", async () => {
    chat.requireKey("keyed", "sk-test-123");
    chat.set("slow1", { kind: "answer", delayMs: 800 });
    chat.set("slow2", { kind: "answer", delayMs: 800 });
    const providers = [
      chatProvider(chat.provider("slow1")),
      chatProvider(chat.provider("slow2")),
      chatProvider(chat.provider("keyed", { apiKey: "sk-test-123" })),
    ];
    const t0 = performance.now();
    const answers = await askProviders(providers, [{ role: "user", content: `hello ${randomUUID()}` }], {
      timeoutMs: 5000,
    });
    const elapsed = performance.now() - t0;
    expect(answers.map((a) => [a.provider, a.ok])).toEqual([
      ["slow1", true],
      ["slow2", true],
      ["keyed", true],
    ]);
    expect(elapsed).toBeLessThan(1500); // one after the other would take 1,600 ms or more
    const keyed = chat.requests.filter((r) => r.provider === "keyed").at(-1)!;
    expect(keyed.authorization).toBe("Bearer sk-test-123");
    expect(keyed.model).toBe("keyed-model");
    expect(answers[0]!.text).toMatch(/slow1 sees/);
  });

  it("reports 401, 429, 500, malformed answers and timeouts per provider, with the provider's reason", async () => {
    chat.requireKey("badkey", "right");
    chat.set("limited", { kind: "status", status: 429 });
    chat.set("broken", { kind: "status", status: 500 });
    chat.set("garbled", { kind: "malformed" });
    chat.set("hangs", { kind: "hang" });
    const answers = await askProviders(
      [
        chatProvider(chat.provider("badkey", { apiKey: "wrong" })),
        chatProvider(chat.provider("limited")),
        chatProvider(chat.provider("broken")),
        chatProvider(chat.provider("garbled")),
        chatProvider(chat.provider("hangs")),
      ],
      [{ role: "user", content: `x ${randomUUID()}` }],
      { timeoutMs: 300 },
    );
    expect(answers.every((a) => !a.ok)).toBe(true);
    expect(answers[0]!.error).toMatch(/^badkey: HTTP 401 \(the API key was refused\): Incorrect API key/);
    expect(answers[1]!.error).toMatch(/^limited: HTTP 429 \(rate limited\)/);
    expect(answers[2]!.error).toMatch(/^broken: HTTP 500/);
    expect(answers[3]!.error).toMatch(/^garbled: the answer is not JSON/);
    expect(answers[4]!.error).toMatch(/^hangs: no answer within 300 ms/);
  });
});

describe("narrate", () => {
  it("shows the answers side by side with a consensus asked of the first provider", async () => {
    const ps = [chatProvider(chat.provider("alpha")), chatProvider(chat.provider("beta"))];
    const n = await narrate(input(), { providers: ps, timeoutMs: 5000 });
    expect(n.source).toBe("ai");
    expect(n.answers.map((a) => a.provider)).toEqual(["alpha", "beta"]);
    expect(n.answers.every((a) => a.ok)).toBe(true);
    expect(n.consensus).toMatchObject({ method: "provider", provider: "alpha" });
    expect(n.text).toBe("Consensus by alpha: the answers agree that volatility is high.");
    expect(n.label).toBe("AI narrative (alpha, beta)");
    // The prompt carries the formatted figures.
    const asked = chat.requests.filter((r) => r.provider === "beta").at(-1)!;
    expect(asked.messages.at(-1)!.content).toContain("Annual return: 12.34%");
  });

  it("serves the second identical call from the caches (no new request)", async () => {
    const ps = [chatProvider(chat.provider("cached1")), chatProvider(chat.provider("cached2"))];
    const i = input();
    const first = await narrate(i, { providers: ps });
    const before = chat.requests.length;
    const second = await narrate(i, { providers: ps });
    expect(chat.requests.length).toBe(before);
    expect(first.answers.every((a) => !a.cached)).toBe(true);
    expect(second.answers.every((a) => a.cached)).toBe(true);
    expect(second.text).toBe(first.text);
  });

  it("still answers when one provider fails, and reports the failure", async () => {
    chat.set("down", { kind: "status", status: 500 });
    const n = await narrate(input(), {
      providers: [chatProvider(chat.provider("down")), chatProvider(chat.provider("up"))],
    });
    expect(n.source).toBe("ai");
    expect(n.answers[0]).toMatchObject({ provider: "down", ok: false, status: 500 });
    expect(n.answers[1]).toMatchObject({ provider: "up", ok: true });
    expect(n.consensus).toMatchObject({ method: "single", provider: "up" });
    expect(n.text).toMatch(/^up sees/);
  });

  it("falls back to the shared points when the consensus call fails", async () => {
    chat.set("flaky", { kind: "answer", content: "Volatility is high this year. Dividends were generous." });
    chat.set("other", { kind: "answer", content: "The volatility is high this year. Growth was weak." });
    // The first provider answers the report prompt; its consensus call fails before reaching the server.
    const before = count("flaky");
    const flaky = chatProvider(chat.provider("flaky"));
    const wrapped = {
      ...flaky,
      chat: (msgs: Parameters<typeof flaky.chat>[0], o: Parameters<typeof flaky.chat>[1]) =>
        /consensus/i.test(msgs[0]!.content) ? Promise.reject(new Error("consensus refused")) : flaky.chat(msgs, o),
    };
    const n = await narrate(input(), { providers: [wrapped, chatProvider(chat.provider("other"))] });
    expect(count("flaky")).toBe(before + 1);
    expect(n.consensus).toMatchObject({ method: "shared-points", provider: null });
    expect(n.text).toBe("Volatility is high this year.");
  });

  it("with every provider failing, gives the narrative from the metrics, labelled so", async () => {
    chat.set("x500", { kind: "status", status: 500 });
    const n = await narrate(input(), { providers: [chatProvider(chat.provider("x500"))] });
    expect(n.source).toBe("metrics");
    expect(n.label).toBe("Narrative generated from the metrics — every AI provider failed");
    expect(n.answers[0]!.ok).toBe(false);
  });

  it("with none configured, gives a deterministic narrative from the metrics (en and pt-BR), labelled so", async () => {
    const en = await narrate(input("en"), { providers: [] });
    expect(en.source).toBe("metrics");
    expect(en.label).toBe("Narrative generated from the metrics — no AI provider configured");
    expect(en.text).toContain("PETR4 (Petrobras PN) returned 23.45% from Jan 2, 2024 to Feb 25, 2025, 12.34% a year");
    expect(en.text).toContain("it has not recovered yet");
    const pt = await narrate(input("pt-BR"), { providers: [] });
    expect(pt.label).toBe("Narrativa gerada a partir das métricas — nenhum provedor de IA configurado");
    expect(pt.text).toContain("rendeu 23,45%");
    expect(pt.text).toContain("ainda não se recuperou");
    expect((await narrate(input("en"), { providers: [] })).text).toBe(en.text);
  });
});

describe("sharedPoints", () => {
  it("keeps the first answer's sentences the others also make", () => {
    expect(sharedPoints(["Returns were strong. Risk is high.", "Risk is high indeed. Nothing else."])).toBe(
      "Risk is high.",
    );
  });
});
