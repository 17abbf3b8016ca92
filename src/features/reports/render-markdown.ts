/**
 * A report as Markdown (CommonMark + GFM tables). Charts become small tables of their values at a
 * few dates (Markdown has no drawing); text is escaped so no value turns into markup or HTML.
 */
import type { ReportBlock, ReportModel } from "./report-document";
import { axisFormatter, reportFormat, type ReportFormat } from "./report-format";

export const escapeMd = (s: string) => s.replace(/([\\`*_[\]<>|#~])/g, "\\$1").replace(/\r?\n/g, " ");

function table(columns: string[], rows: string[][], numeric?: boolean[]): string {
  const head = `| ${columns.map(escapeMd).join(" | ")} |`;
  const sep = `| ${columns.map((_, i) => (numeric?.[i] ? "---:" : "---")).join(" | ")} |`;
  return [head, sep, ...rows.map((r) => `| ${r.map(escapeMd).join(" | ")} |`)].join("\n");
}

const SAMPLES = 8;

function block(b: ReportBlock, f: ReportFormat): string {
  switch (b.type) {
    case "paragraph":
      return escapeMd(b.text);
    case "metrics":
      return [
        b.title ? `**${escapeMd(b.title)}**\n` : "",
        table(
          ["", ""],
          b.rows.map((r) => [r.label, r.value]),
          [false, true],
        ),
      ].join("");
    case "table":
      return [b.title ? `**${escapeMd(b.title)}**\n\n` : "", table(b.columns, b.rows, b.numeric)].join("");
    case "lineChart": {
      const fmt = axisFormatter(f, b.format);
      const dates = [...new Set(b.series.flatMap((s) => s.points.map((p) => p.x)))].sort();
      const picks =
        dates.length <= SAMPLES
          ? dates
          : Array.from({ length: SAMPLES }, (_, k) => dates[Math.round((k * (dates.length - 1)) / (SAMPLES - 1))]!);
      const at = b.series.map((s) => new Map(s.points.map((p) => [p.x, p.y])));
      const rows = picks.map((d) => [
        f.day(d),
        ...at.map((m) => {
          const y = m.get(d);
          return y == null ? "–" : fmt(y);
        }),
      ]);
      return `**${escapeMd(b.title)}**\n\n${table(["", ...b.series.map((s) => s.name)], rows, [false, ...b.series.map(() => true)])}`;
    }
    case "barChart": {
      const fmt = b.format === "percent" ? (v: number) => f.change(v) : axisFormatter(f, b.format);
      return `**${escapeMd(b.title)}**\n\n${table(
        ["", ""],
        b.bars.map((x) => [x.label, fmt(x.value)]),
        [false, true],
      )}`;
    }
    case "scatter": {
      const rows = b.points
        .filter((p, i, all) => p.highlight || all.length <= 12 || i % Math.ceil(all.length / 10) === 0)
        .map((p) => [p.label ?? "", f.percent(p.x), f.percent(p.y)]);
      return `**${escapeMd(b.title)}**\n\n${table(["", b.xLabel, b.yLabel], rows, [false, true, true])}`;
    }
    case "heatmap":
      return `**${escapeMd(b.title)}**\n\n${table(
        ["", ...b.labels],
        b.matrix.map((row, i) => [b.labels[i] ?? "", ...row.map((v) => (v === null ? "–" : f.number(v)))]),
        [false, ...b.labels.map(() => true)],
      )}`;
    case "narrative": {
      const n = b.narrative;
      const out = [`*${escapeMd(n.label)}*`];
      if (n.answers.length) {
        out.push(`**${escapeMd(b.labels.answers)}**`);
        n.answers.forEach((a, i) =>
          out.push(
            `- **${escapeMd(a.provider)}** (${escapeMd(a.model)}): ${escapeMd(a.ok ? (a.text ?? "") : (b.labels.failed[i] ?? a.error ?? ""))}`,
          ),
        );
      }
      if (n.consensus)
        out.push(
          `**${escapeMd(b.labels.consensus)}** — ${escapeMd(b.labels.consensusMethod)}`,
          escapeMd(n.consensus.text),
        );
      else out.push(escapeMd(n.text));
      return out.join("\n\n");
    }
  }
}

export function renderMarkdown(m: ReportModel): string {
  const f = reportFormat(m.locale);
  const out = [`# ${escapeMd(m.title)}`, "", `_${escapeMd(m.subtitle)}_`, "", escapeMd(m.generatedLabel)];
  for (const n of m.notes) out.push("", `> ${escapeMd(n)}`);
  for (const s of m.sections) {
    out.push("", `## ${escapeMd(s.title)}`);
    for (const b of s.blocks) out.push("", block(b, f));
  }
  return `${out.join("\n")}\n`;
}
