/**
 * The run options render in both languages with every message they use present (next-intl reports
 * a missing key or a bad ICU argument through onError), numbers and dates in the locale's style.
 */
import { describe, expect, it } from "vitest";
import { createTranslator } from "next-intl";
import { renderInLocale } from "@/test/render-in-locale";
import en from "../../../messages/en.json";
import pt from "../../../messages/pt-BR.json";
import { issueMessage, RunOptionsFields, useRunOptions } from "./run-options-fields";
import { resolveRunOptions, type RunOptionsIssue, type RunOptionsValue } from "./run-options";

function Harness({ initial }: { initial: Partial<RunOptionsValue> }) {
  return <RunOptionsFields state={useRunOptions(initial)} />;
}

function render(locale: "en" | "pt-BR", initial: Partial<RunOptionsValue>) {
  return renderInLocale(locale, <Harness initial={initial} />);
}

const ISSUES: RunOptionsIssue[] = [
  { field: "priority", code: "priorityRange", min: -1000, max: 1000 },
  { field: "delayMs", code: "minutesRange", min: 1, max: 43_200 },
  { field: "runAt", code: "dateTimeMissing" },
  { field: "runAt", code: "dateTimeInvalid" },
  { field: "runAt", code: "dateTimePast" },
  { field: "runAt", code: "dateTimeTooFar" },
];

describe("run options fields", () => {
  it("stay folded with the defaults, and say nothing more", () => {
    const { html, text, errors } = render("en", {});
    expect(errors).toEqual([]);
    expect(html).toContain('data-testid="run-options"');
    expect(html).not.toMatch(/<details[^>]* open/);
    expect(text).toContain("Run options");
    expect(text).toContain("Normal (0)");
    expect(text).not.toContain("Minutes from now");
  });

  it("open with a custom priority and a delay, in English", () => {
    const { html, text, errors } = render("en", {
      priority: "custom",
      customPriority: "250",
      start: "in",
      inMinutes: "15",
    });
    expect(errors).toEqual([]);
    expect(html).toMatch(/<details[^>]* open/);
    expect(text).toContain("Run options · priority 250 · starts in 15 min");
    expect(text).toContain("A whole number from -1,000 to 1,000.");
    expect(text).toContain("Minutes from now");
    expect(text).toContain("1 to 43,200 (30 days).");
  });

  it("show a date and time in the viewer's zone, in Brazilian Portuguese", () => {
    const { html, text, errors } = render("pt-BR", { priority: "high", start: "at", at: "2026-12-24T18:00" });
    expect(errors).toEqual([]);
    expect(html).toContain('type="datetime-local"');
    expect(text).toContain("Opções de execução · prioridade 10 · começa em 24/12/2026, 18:00");
    expect(text).toContain("Alta (10)");
    expect(text).toContain("Seu fuso horário: America/Sao_Paulo.");
  });

  it.each(["en", "pt-BR"] as const)("word every refusal in %s, numbers in the locale's style", (locale) => {
    const errors: unknown[] = [];
    const t = createTranslator({
      locale,
      messages: locale === "en" ? en : pt,
      namespace: "RunOptions",
      onError: (e) => errors.push(e),
    });
    const words = ISSUES.map((i) => issueMessage(t as never, i));
    expect(errors).toEqual([]);
    expect(new Set(words).size).toBe(ISSUES.length);
    expect(words[0]).toContain(locale === "en" ? "-1,000" : "-1.000");
    expect(words[1]).toContain(locale === "en" ? "43,200" : "43.200");
  });

  it("every issue resolveRunOptions can report has a message", () => {
    const r = resolveRunOptions(
      { priority: "custom", customPriority: "x", start: "in", inMinutes: "0", at: "" },
      { now: 0, timeZone: "UTC" },
    );
    expect(r.ok).toBe(false);
    for (const i of r.ok ? [] : r.issues) expect(ISSUES.map((x) => x.code)).toContain(i.code);
  });
});
