/**
 * Chart geometry shared by the SVG (HTML) and vector PDF renderers: scales, "nice" ticks, line
 * segments (gaps where a value is missing), bars, scatter points and heat-map colours. Coordinates
 * are in the chart's own units with y growing downwards, as both SVG and PDF (pdfkit) draw.
 */
import type { ReportBlock } from "./report-document";

export const PALETTE = ["#4f46e5", "#059669", "#dc2626", "#d97706", "#0891b2", "#7c3aed", "#db2777", "#65a30d"];

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const plotBox = (width: number, height: number): Box => ({ x: 56, y: 12, w: width - 68, h: height - 40 });

/** About `count` round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0];
  if (min === max) {
    const d = Math.abs(min) || 1;
    min -= d / 2;
    max += d / 2;
  }
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  const k0 = Math.floor(min / step + 1e-9);
  const k1 = Math.ceil(max / step - 1e-9);
  for (let k = k0; k <= k1; k++) out.push(Number((k * step).toPrecision(12)) + 0); // + 0: no "-0"
  return out;
}

const scale = (d0: number, d1: number, r0: number, r1: number) => (v: number) =>
  d1 === d0 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);

export interface LineGeometry {
  plot: Box;
  yTicks: { value: number; y: number }[];
  xTicks: { date: string; x: number }[];
  lines: { name: string; color: string; segments: [number, number][][] }[];
}

export function lineGeometry(
  b: Extract<ReportBlock, { type: "lineChart" }>,
  width: number,
  height: number,
): LineGeometry {
  const plot = plotBox(width, height);
  const dates = [...new Set(b.series.flatMap((s) => s.points.map((p) => p.x)))].sort();
  const index = new Map(dates.map((d, i) => [d, i]));
  const ys = b.series
    .flatMap((s) => s.points.map((p) => p.y))
    .filter((y): y is number => y !== null && Number.isFinite(y));
  const ticks = niceTicks(ys.length ? Math.min(...ys) : 0, ys.length ? Math.max(...ys) : 1);
  const sy = scale(ticks[0]!, ticks[ticks.length - 1]!, plot.y + plot.h, plot.y);
  const sx = scale(0, Math.max(1, dates.length - 1), plot.x, plot.x + plot.w);
  const lines = b.series.map((s, k) => {
    const segments: [number, number][][] = [];
    let cur: [number, number][] = [];
    for (const p of s.points) {
      if (p.y === null || !Number.isFinite(p.y)) {
        if (cur.length) segments.push(cur);
        cur = [];
        continue;
      }
      cur.push([sx(index.get(p.x)!), sy(p.y)]);
    }
    if (cur.length) segments.push(cur);
    return { name: s.name, color: PALETTE[k % PALETTE.length]!, segments };
  });
  const nx = Math.min(5, dates.length);
  const xTicks = Array.from({ length: nx }, (_, k) => {
    const i = nx === 1 ? 0 : Math.round((k * (dates.length - 1)) / (nx - 1));
    return { date: dates[i]!, x: sx(i) };
  });
  return { plot, yTicks: ticks.map((value) => ({ value, y: sy(value) })), xTicks, lines };
}

export interface BarGeometry {
  plot: Box;
  yTicks: { value: number; y: number }[];
  zeroY: number;
  bars: { label: string; value: number; x: number; y: number; w: number; h: number; color: string }[];
}

export function barGeometry(b: Extract<ReportBlock, { type: "barChart" }>, width: number, height: number): BarGeometry {
  const plot = plotBox(width, height);
  const vals = b.bars.map((x) => x.value).filter(Number.isFinite);
  const ticks = niceTicks(Math.min(0, ...vals), Math.max(0, ...vals));
  const sy = scale(ticks[0]!, ticks[ticks.length - 1]!, plot.y + plot.h, plot.y);
  const slot = plot.w / Math.max(1, b.bars.length);
  const zeroY = sy(0);
  return {
    plot,
    yTicks: ticks.map((value) => ({ value, y: sy(value) })),
    zeroY,
    bars: b.bars.map((x, i) => {
      const y = sy(Number.isFinite(x.value) ? x.value : 0);
      return {
        label: x.label,
        value: x.value,
        x: plot.x + i * slot + slot * 0.15,
        w: slot * 0.7,
        y: Math.min(y, zeroY),
        h: Math.max(0.5, Math.abs(zeroY - y)),
        color: x.value >= 0 ? PALETTE[1]! : PALETTE[2]!,
      };
    }),
  };
}

export interface ScatterGeometry {
  plot: Box;
  xTicks: { value: number; x: number }[];
  yTicks: { value: number; y: number }[];
  points: { x: number; y: number; label?: string; highlight?: boolean }[];
  /** The frontier as a path (points that are not highlighted, in volatility order). */
  curve: [number, number][];
}

export function scatterGeometry(
  b: Extract<ReportBlock, { type: "scatter" }>,
  width: number,
  height: number,
): ScatterGeometry {
  const plot = plotBox(width, height);
  const xs = b.points.map((p) => p.x).filter(Number.isFinite);
  const ys = b.points.map((p) => p.y).filter(Number.isFinite);
  const xt = niceTicks(Math.min(...xs), Math.max(...xs));
  const yt = niceTicks(Math.min(...ys), Math.max(...ys));
  const sx = scale(xt[0]!, xt[xt.length - 1]!, plot.x, plot.x + plot.w);
  const sy = scale(yt[0]!, yt[yt.length - 1]!, plot.y + plot.h, plot.y);
  const pts = b.points
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
    .map((p) => ({ ...p, x: sx(p.x), y: sy(p.y) }));
  return {
    plot,
    xTicks: xt.map((value) => ({ value, x: sx(value) })),
    yTicks: yt.map((value) => ({ value, y: sy(value) })),
    points: pts,
    curve: pts.filter((p) => !p.highlight).map((p) => [p.x, p.y] as [number, number]),
  };
}

/** A correlation in [-1, 1] as a colour: red (−1) through white (0) to indigo (+1). */
export function heatColor(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return "#e5e7eb";
  const t = Math.max(-1, Math.min(1, v));
  const [r, g, b] = t >= 0 ? [79, 70, 229] : [220, 38, 38];
  const a = Math.abs(t);
  const mix = (c: number) => Math.round(255 + (c - 255) * a);
  return `#${[mix(r), mix(g), mix(b)].map((c) => c.toString(16).padStart(2, "0")).join("")}`;
}

/** Dark text on light cells, white on dark ones. */
export const heatText = (v: number | null) => (v !== null && Math.abs(v) > 0.55 ? "#ffffff" : "#111827");
