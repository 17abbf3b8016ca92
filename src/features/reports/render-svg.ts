/** Charts of a report as inline SVG (for the HTML report), drawn from chart-geometry.ts. */
import { barGeometry, heatColor, heatText, lineGeometry, PALETTE, scatterGeometry } from "./chart-geometry";
import type { ReportBlock } from "./report-document";
import { axisFormatter, type ReportFormat } from "./report-format";

export const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

const W = 720;
const H = 260;
const n = (v: number) => (Math.round(v * 10) / 10).toString();

function svg(title: string, body: string[], height = H, width = W): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${body.join("")}</svg>`;
}

const text = (x: number, y: number, s: string, anchor = "middle", extra = "") =>
  `<text x="${n(x)}" y="${n(y)}" text-anchor="${anchor}" font-size="11" fill="#475569"${extra}>${escapeHtml(s)}</text>`;

function yAxis(ticks: { value: number; y: number }[], x0: number, x1: number, fmt: (v: number) => string): string[] {
  return ticks.flatMap((t) => [
    `<line x1="${n(x0)}" x2="${n(x1)}" y1="${n(t.y)}" y2="${n(t.y)}" stroke="#e2e8f0"/>`,
    text(x0 - 6, t.y + 4, fmt(t.value), "end"),
  ]);
}

function legend(names: { name: string; color: string }[], y: number): string[] {
  if (names.length < 2) return [];
  let x = 60;
  return names.flatMap((s) => {
    const out = [
      `<rect x="${x}" y="${y - 9}" width="10" height="10" fill="${s.color}"/>`,
      text(x + 14, y, s.name, "start"),
    ];
    x += 24 + s.name.length * 7;
    return out;
  });
}

export function chartSvg(b: ReportBlock, f: ReportFormat): string | null {
  if (b.type === "lineChart") {
    const g = lineGeometry(b, W, H);
    const fmt = axisFormatter(f, b.format);
    const body = [
      ...yAxis(g.yTicks, g.plot.x, g.plot.x + g.plot.w, fmt),
      ...g.xTicks.map((t) => text(t.x, g.plot.y + g.plot.h + 16, f.day(t.date))),
      ...g.lines.flatMap((l) =>
        l.segments.map(
          (seg) =>
            `<polyline fill="none" stroke="${l.color}" stroke-width="1.6" points="${seg.map(([x, y]) => `${n(x)},${n(y)}`).join(" ")}"/>`,
        ),
      ),
      ...legend(g.lines, H - 2),
    ];
    return svg(b.title, body, H + (g.lines.length > 1 ? 12 : 0));
  }
  if (b.type === "barChart") {
    const g = barGeometry(b, W, H);
    const fmt = axisFormatter(f, b.format);
    const body = [
      ...yAxis(g.yTicks, g.plot.x, g.plot.x + g.plot.w, fmt),
      ...g.bars.flatMap((r) => [
        `<rect x="${n(r.x)}" y="${n(r.y)}" width="${n(r.w)}" height="${n(r.h)}" fill="${r.color}"><title>${escapeHtml(`${r.label}: ${fmt(r.value)}`)}</title></rect>`,
        text(r.x + r.w / 2, g.plot.y + g.plot.h + 16, r.label),
      ]),
      `<line x1="${n(g.plot.x)}" x2="${n(g.plot.x + g.plot.w)}" y1="${n(g.zeroY)}" y2="${n(g.zeroY)}" stroke="#64748b"/>`,
    ];
    return svg(b.title, body);
  }
  if (b.type === "scatter") {
    const g = scatterGeometry(b, W, H);
    const fmt = axisFormatter(f, b.format);
    const body = [
      ...yAxis(g.yTicks, g.plot.x, g.plot.x + g.plot.w, fmt),
      ...g.xTicks.map((t) => text(t.x, g.plot.y + g.plot.h + 16, fmt(t.value))),
      `<polyline fill="none" stroke="${PALETTE[0]}" stroke-width="1.6" points="${g.curve.map(([x, y]) => `${n(x)},${n(y)}`).join(" ")}"/>`,
      ...g.points.map((p) =>
        p.highlight
          ? `<circle cx="${n(p.x)}" cy="${n(p.y)}" r="5" fill="${PALETTE[2]}"/>${text(p.x + 8, p.y - 6, p.label ?? "", "start")}`
          : `<circle cx="${n(p.x)}" cy="${n(p.y)}" r="2" fill="${PALETTE[0]}"/>`,
      ),
      text(g.plot.x + g.plot.w / 2, H - 2, b.xLabel),
    ];
    return svg(b.title, body);
  }
  if (b.type === "heatmap") {
    const k = b.labels.length;
    const cell = Math.min(56, Math.floor(560 / Math.max(1, k)));
    const left = 80;
    const top = 20;
    const width = left + k * cell + 10;
    const height = top + k * cell + 10;
    const body = [
      ...b.labels.map((l, j) => text(left + j * cell + cell / 2, top - 6, l)),
      ...b.labels.map((l, i) => text(left - 6, top + i * cell + cell / 2 + 4, l, "end")),
      ...b.matrix.flatMap((row, i) =>
        row.map((v, j) => {
          const x = left + j * cell;
          const y = top + i * cell;
          return `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${heatColor(v)}" stroke="#ffffff"/>${text(x + cell / 2, y + cell / 2 + 4, v === null ? "–" : f.number(v), "middle", ` fill="${heatText(v)}"`).replace(' fill="#475569"', "")}`;
        }),
      ),
    ];
    return svg(b.title, body, height, width);
  }
  return null;
}
