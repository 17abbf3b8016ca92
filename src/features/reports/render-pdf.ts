/**
 * A report as PDF with pdfkit (kept library): A4, Helvetica (a standard PDF font: nothing to fetch,
 * its metrics ship inside pdfkit), tables, and the charts drawn as vector paths from
 * chart-geometry.ts. Text is mapped to the font's WinAnsi encoding (Portuguese accents included;
 * "→" becomes "->", characters outside it "?").
 */
import PDFDocument from "pdfkit";
import { barGeometry, heatColor, heatText, lineGeometry, PALETTE, scatterGeometry } from "./chart-geometry";
import type { ReportBlock, ReportModel } from "./report-document";
import { axisFormatter, reportFormat, type ReportFormat } from "./report-format";

type Doc = PDFKit.PDFDocument;

const MARGIN = 50;
const REGULAR = "Helvetica";
const BOLD = "Helvetica-Bold";
const ITALIC = "Helvetica-Oblique";

/** The Unicode characters WinAnsi has in 0x80–0x9F. */
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");
const REPLACE: Record<string, string> = {
  "→": "->",
  "←": "<-",
  "−": "-",
  "≥": ">=",
  "≤": "<=",
  "\u202f": "\u00a0",
  "⁻": "-",
  "¹": "1",
};

export function winAnsi(s: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (REPLACE[ch] !== undefined) out += REPLACE[ch];
    else if ((c >= 0x20 && c < 0x7f) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else if (c === 0x0a || c === 0x09) out += " ";
    else out += "?";
  }
  return out;
}

class Writer {
  readonly width: number;
  constructor(
    readonly doc: Doc,
    readonly f: ReportFormat,
  ) {
    this.width = doc.page.width - 2 * MARGIN;
  }
  get bottom() {
    return this.doc.page.height - MARGIN;
  }
  /** Start a new page unless `h` points still fit. */
  need(h: number) {
    if (this.doc.y + h > this.bottom) this.doc.addPage();
  }
  text(s: string, o: { font?: string; size?: number; color?: string; gap?: number } = {}) {
    const { doc } = this;
    doc
      .font(o.font ?? REGULAR)
      .fontSize(o.size ?? 10)
      .fillColor(o.color ?? "#0f172a");
    const t = winAnsi(s);
    this.need(Math.min(doc.heightOfString(t, { width: this.width }), 200));
    doc.text(t, MARGIN, doc.y, { width: this.width });
    doc.moveDown(o.gap ?? 0.3);
  }
  /** A single-line cell, shortened with an ellipsis to fit. */
  cell(s: string, x: number, y: number, w: number, align: "left" | "right") {
    const { doc } = this;
    let t = winAnsi(s);
    if (doc.widthOfString(t) > w - 4) {
      while (t.length > 1 && doc.widthOfString(`${t}…`) > w - 4) t = t.slice(0, -1);
      t = `${t}…`;
    }
    doc.text(t, x + 2, y, { width: w - 4, align, lineBreak: false });
  }
  table(columns: string[], rows: string[][], numeric: boolean[] | undefined, head = true) {
    const { doc } = this;
    const k = Math.max(1, columns.length);
    const first = k === 2 ? this.width * 0.6 : Math.min(this.width * 0.3, Math.max(this.width / k, 60));
    const rest = k > 1 ? (this.width - first) / (k - 1) : this.width;
    const xs = columns.map((_, i) => MARGIN + (i === 0 ? 0 : first + (i - 1) * rest));
    const ws = columns.map((_, i) => (i === 0 ? first : rest));
    const rowH = 14;
    const line = (cells: string[], bold: boolean) => {
      this.need(rowH);
      const y = doc.y;
      doc
        .font(bold ? BOLD : REGULAR)
        .fontSize(8.5)
        .fillColor("#0f172a");
      cells.forEach((c, i) => this.cell(c, xs[i]!, y + 3, ws[i]!, numeric?.[i] ? "right" : "left"));
      doc
        .moveTo(MARGIN, y + rowH)
        .lineTo(MARGIN + this.width, y + rowH)
        .lineWidth(0.4)
        .strokeColor("#e2e8f0")
        .stroke();
      doc.x = MARGIN;
      doc.y = y + rowH;
    };
    if (head) line(columns, true);
    for (const r of rows) line(r, false);
    doc.moveDown(0.6);
  }
  axisY(ticks: { value: number; y: number }[], x0: number, x1: number, oy: number, fmt: (v: number) => string) {
    const { doc } = this;
    doc.font(REGULAR).fontSize(7).fillColor("#475569");
    for (const t of ticks) {
      doc
        .moveTo(x0, oy + t.y)
        .lineTo(x1, oy + t.y)
        .lineWidth(0.3)
        .strokeColor("#e2e8f0")
        .stroke();
      doc.text(winAnsi(fmt(t.value)), MARGIN, oy + t.y - 3.5, {
        width: x0 - MARGIN - 4,
        align: "right",
        lineBreak: false,
      });
    }
  }
  label(s: string, x: number, y: number, w = 80) {
    this.doc
      .font(REGULAR)
      .fontSize(7)
      .fillColor("#475569")
      .text(winAnsi(s), x - w / 2, y, { width: w, align: "center", lineBreak: false });
  }
  chart(b: ReportBlock) {
    const { doc, f } = this;
    const W = this.width;
    const H = 190;
    this.need(H + 30);
    if ("title" in b && b.title) this.text(b.title, { font: BOLD, size: 9, gap: 0.2 });
    const oy = doc.y;
    const ox = MARGIN; // the geometry's own left margin (56 pt) holds the y labels
    if (b.type === "lineChart") {
      const g = lineGeometry(b, W, H);
      this.axisY(g.yTicks, ox + g.plot.x, ox + g.plot.x + g.plot.w, oy, axisFormatter(f, b.format));
      g.xTicks.forEach((t) => this.label(f.day(t.date), ox + t.x, oy + g.plot.y + g.plot.h + 6));
      for (const l of g.lines)
        for (const seg of l.segments) {
          if (seg.length === 1)
            doc
              .circle(ox + seg[0]![0], oy + seg[0]![1], 0.8)
              .fillColor(l.color)
              .fill();
          if (seg.length < 2) continue;
          doc.moveTo(ox + seg[0]![0], oy + seg[0]![1]);
          for (const [x, y] of seg.slice(1)) doc.lineTo(ox + x, oy + y);
          doc.lineWidth(1.1).strokeColor(l.color).stroke();
        }
      if (g.lines.length > 1) {
        let x = ox + g.plot.x;
        for (const l of g.lines) {
          doc
            .rect(x, oy + H + 2, 7, 7)
            .fillColor(l.color)
            .fill();
          doc
            .font(REGULAR)
            .fontSize(7)
            .fillColor("#0f172a")
            .text(winAnsi(l.name), x + 10, oy + H + 2, { lineBreak: false });
          x += 18 + doc.widthOfString(winAnsi(l.name));
        }
      }
    } else if (b.type === "barChart") {
      const g = barGeometry(b, W, H);
      this.axisY(g.yTicks, ox + g.plot.x, ox + g.plot.x + g.plot.w, oy, axisFormatter(f, b.format));
      for (const r of g.bars) {
        doc
          .rect(ox + r.x, oy + r.y, r.w, r.h)
          .fillColor(r.color)
          .fill();
        this.label(r.label, ox + r.x + r.w / 2, oy + g.plot.y + g.plot.h + 6, Math.max(r.w + 8, 30));
      }
      doc
        .moveTo(ox + g.plot.x, oy + g.zeroY)
        .lineTo(ox + g.plot.x + g.plot.w, oy + g.zeroY)
        .lineWidth(0.6)
        .strokeColor("#64748b")
        .stroke();
    } else if (b.type === "scatter") {
      const g = scatterGeometry(b, W, H);
      const fmt = axisFormatter(f, b.format);
      this.axisY(g.yTicks, ox + g.plot.x, ox + g.plot.x + g.plot.w, oy, fmt);
      g.xTicks.forEach((t) => this.label(fmt(t.value), ox + t.x, oy + g.plot.y + g.plot.h + 6));
      if (g.curve.length > 1) {
        doc.moveTo(ox + g.curve[0]![0], oy + g.curve[0]![1]);
        for (const [x, y] of g.curve.slice(1)) doc.lineTo(ox + x, oy + y);
        doc.lineWidth(1.1).strokeColor(PALETTE[0]!).stroke();
      }
      for (const p of g.points) {
        doc
          .circle(ox + p.x, oy + p.y, p.highlight ? 3.5 : 1.5)
          .fillColor(p.highlight ? PALETTE[2]! : PALETTE[0]!)
          .fill();
        if (p.label)
          doc
            .font(REGULAR)
            .fontSize(7)
            .fillColor("#0f172a")
            .text(winAnsi(p.label), ox + p.x + 5, oy + p.y - 9, { lineBreak: false });
      }
      this.label(b.xLabel, ox + g.plot.x + g.plot.w / 2, oy + H - 6, 200);
    } else if (b.type === "heatmap") {
      const k = b.labels.length;
      const cell = Math.min(40, Math.floor((W - 70) / Math.max(1, k)));
      const left = MARGIN + 60;
      const top = oy + 12;
      this.need(k * cell + 30);
      b.labels.forEach((l, j) => this.label(l, left + j * cell + cell / 2, top - 10, cell));
      b.labels.forEach((l, i) =>
        doc
          .font(REGULAR)
          .fontSize(7)
          .fillColor("#475569")
          .text(winAnsi(l), MARGIN, top + i * cell + cell / 2 - 3.5, { width: 56, align: "right", lineBreak: false }),
      );
      b.matrix.forEach((row, i) =>
        row.forEach((v, j) => {
          const x = left + j * cell;
          const y = top + i * cell;
          doc.rect(x, y, cell, cell).fillColor(heatColor(v)).fill();
          doc
            .font(REGULAR)
            .fontSize(Math.min(8, cell / 4))
            .fillColor(heatText(v))
            .text(winAnsi(v === null ? "–" : f.number(v)), x, y + cell / 2 - 3.5, {
              width: cell,
              align: "center",
              lineBreak: false,
            });
        }),
      );
      doc.x = MARGIN;
      doc.y = top + k * cell + 12;
      return;
    }
    doc.x = MARGIN;
    doc.y = oy + H + 16;
  }
  block(b: ReportBlock) {
    switch (b.type) {
      case "paragraph":
        return this.text(b.text, { size: 9.5 });
      case "metrics":
        if (b.title) this.text(b.title, { font: BOLD, size: 10 });
        return this.table(
          ["", ""],
          b.rows.map((r) => [r.label, r.value]),
          [false, true],
          false,
        );
      case "table":
        if (b.title) this.text(b.title, { font: BOLD, size: 10 });
        return this.table(b.columns, b.rows, b.numeric);
      case "narrative": {
        const n = b.narrative;
        this.text(n.label, { font: ITALIC, size: 9, color: "#475569" });
        if (n.answers.length) {
          this.text(b.labels.answers, { font: BOLD, size: 10 });
          n.answers.forEach((a, i) => {
            this.text(`${a.provider} (${a.model})`, { font: BOLD, size: 9, gap: 0.1 });
            this.text(a.ok ? (a.text ?? "") : (b.labels.failed[i] ?? a.error ?? ""), {
              size: 9,
              color: a.ok ? "#0f172a" : "#991b1b",
            });
          });
        }
        if (n.consensus) {
          this.text(b.labels.consensus, { font: BOLD, size: 10, gap: 0.1 });
          this.text(b.labels.consensusMethod, { font: ITALIC, size: 8.5, color: "#475569", gap: 0.1 });
          return this.text(n.consensus.text, { size: 9.5 });
        }
        return this.text(n.text, { size: 9.5 });
      }
      default:
        return this.chart(b);
    }
  }
}

/** The report as PDF bytes. */
export function renderPdf(m: ReportModel): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    info: {
      Title: winAnsi(m.title),
      Author: "Fluxo",
      Subject: winAnsi(m.subtitle),
      CreationDate: new Date(m.generatedAt),
    },
    lang: m.locale,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const w = new Writer(doc, reportFormat(m.locale));
  w.text(m.title, { font: BOLD, size: 18, gap: 0.2 });
  w.text(m.subtitle, { size: 10, color: "#475569", gap: 0.1 });
  w.text(m.generatedLabel, { size: 8.5, color: "#64748b", gap: 0.5 });
  for (const n of m.notes) w.text(n, { font: BOLD, size: 9, color: "#b45309" });
  const CHARTS = new Set(["lineChart", "barChart", "scatter", "heatmap"]);
  for (const s of m.sections) {
    // Keep a heading with the start of its first block (a chart is ~220 pt tall).
    w.need(CHARTS.has(s.blocks[0]?.type ?? "") ? 260 : 60);
    doc.moveDown(0.4);
    w.text(s.title, { font: BOLD, size: 13, gap: 0.4 });
    for (const b of s.blocks) w.block(b);
  }
  doc.end();
  return done;
}
