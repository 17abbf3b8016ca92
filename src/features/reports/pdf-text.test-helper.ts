/** Test helper: the text of every page of a PDF (pdfjs-dist legacy build, Node), and its inflated content streams. */
import { inflateSync } from "node:zlib";

export async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string }> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    verbosity: 0,
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const c = await page.getTextContent();
    parts.push(c.items.map((it) => ("str" in it ? it.str : "")).join(" "));
  }
  const pages = doc.numPages;
  await doc.destroy();
  return { pages, text: parts.join("\n").replace(/\u00a0/g, " ") };
}

/** Every Flate content stream of the file, inflated (where pdfkit writes the drawing operators). */
export function pdfStreams(bytes: Buffer): string {
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const s = bytes.indexOf("stream\n", at);
    if (s < 0) break;
    const e = bytes.indexOf("\nendstream", s);
    if (e < 0) break;
    try {
      out.push(inflateSync(bytes.subarray(s + 7, e)).toString("latin1"));
    } catch {
      /* not a Flate stream (fonts, images) */
    }
    at = e + 10;
  }
  return out.join("\n");
}
