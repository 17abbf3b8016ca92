/**
 * A report as one self-contained HTML page: inline CSS, charts as inline SVG, no script, no remote
 * resource; every text escaped. The AI answers sit side by side in a grid.
 */
import type { ReportBlock, ReportModel } from "./report-document";
import { reportFormat, type ReportFormat } from "./report-format";
import { chartSvg, escapeHtml as e } from "./render-svg";

export { escapeHtml } from "./render-svg";

const CSS = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#0f172a;max-width:960px;margin:2rem auto;padding:0 1rem;line-height:1.5}
h1{font-size:1.6rem;margin:0}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #e2e8f0;padding-bottom:.25rem}h3{font-size:1rem}
.sub{color:#475569;margin:.25rem 0}.gen{color:#64748b;font-size:.85rem}.note{background:#fef3c7;border-left:4px solid #d97706;padding:.5rem .75rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}th,td{border-bottom:1px solid #e2e8f0;padding:.25rem .6rem;text-align:left}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1rem 0}figcaption{font-weight:600;font-size:.9rem}.answers{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:.75rem}
.answer{border:1px solid #e2e8f0;border-radius:.5rem;padding:.75rem}.answer.failed{border-color:#fca5a5;color:#991b1b}.label{font-style:italic;color:#475569}
.consensus{background:#eef2ff;border-radius:.5rem;padding:.75rem;margin-top:.75rem}`;

function table(columns: string[], rows: string[][], numeric?: boolean[], head = true): string {
  const cls = (i: number) => (numeric?.[i] ? ' class="n"' : "");
  const th = head
    ? `<thead><tr>${columns.map((c, i) => `<th${cls(i)} scope="col">${e(c)}</th>`).join("")}</tr></thead>`
    : "";
  return `<table>${th}<tbody>${rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${e(c)}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
}

function block(b: ReportBlock, f: ReportFormat): string {
  switch (b.type) {
    case "paragraph":
      return `<p>${e(b.text)}</p>`;
    case "metrics":
      return `${b.title ? `<h3>${e(b.title)}</h3>` : ""}<table><tbody>${b.rows
        .map((r) => `<tr><th scope="row">${e(r.label)}</th><td class="n">${e(r.value)}</td></tr>`)
        .join("")}</tbody></table>`;
    case "table":
      return `${b.title ? `<h3>${e(b.title)}</h3>` : ""}${table(b.columns, b.rows, b.numeric)}`;
    case "narrative": {
      const n = b.narrative;
      const answers = n.answers.length
        ? `<h3>${e(b.labels.answers)}</h3><div class="answers">${n.answers
            .map(
              (a, i) =>
                `<section class="answer${a.ok ? "" : " failed"}"><h4>${e(a.provider)} <small>${e(a.model)}</small></h4><p>${e(a.ok ? (a.text ?? "") : (b.labels.failed[i] ?? a.error ?? ""))}</p></section>`,
            )
            .join("")}</div>`
        : "";
      const body = n.consensus
        ? `<div class="consensus"><h3>${e(b.labels.consensus)}</h3><p class="label">${e(b.labels.consensusMethod)}</p><p>${e(n.consensus.text)}</p></div>`
        : `<p>${e(n.text)}</p>`;
      return `<p class="label">${e(n.label)}</p>${answers}${body}`;
    }
    default: {
      const svg = chartSvg(b, f);
      return svg ? `<figure><figcaption>${e(b.title)}</figcaption>${svg}</figure>` : "";
    }
  }
}

export function renderHtml(m: ReportModel): string {
  const f = reportFormat(m.locale);
  const sections = m.sections.map(
    (s) => `<section><h2>${e(s.title)}</h2>${s.blocks.map((b) => block(b, f)).join("\n")}</section>`,
  );
  return `<!doctype html>
<html lang="${e(m.locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="generator" content="Fluxo"><title>${e(m.title)}</title><style>${CSS}</style></head>
<body><header><h1>${e(m.title)}</h1><p class="sub">${e(m.subtitle)}</p><p class="gen">${e(m.generatedLabel)}</p>${m.notes
    .map((n) => `<p class="note">${e(n)}</p>`)
    .join("")}</header>
${sections.join("\n")}
</body></html>
`;
}
