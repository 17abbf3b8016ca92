/**
 * Server-sent events as Fluxo's own clients read them (the CLI, `npm run load`/`chaos`, the HTTP
 * benches): decoded text in, whole frames out — `id`, `event` and the `data` lines joined, per the
 * EventSource format (comments and unknown fields ignored, CR/CRLF line ends accepted).
 */
export interface SseFrame {
  id?: string;
  event?: string;
  data: string;
}

export function parseSseFrame(raw: string): SseFrame {
  const frame: SseFrame = { data: "" };
  const data: string[] = [];
  for (const line of raw.split("\n")) {
    if (line === "" || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + (line[colon + 1] === " " ? 2 : 1));
    if (field === "data") data.push(value);
    else if (field === "id") frame.id = value;
    else if (field === "event") frame.event = value;
  }
  frame.data = data.join("\n");
  return frame;
}

/** Accumulates chunks of a stream; `push` returns the frames each chunk completed. */
export class SseParser {
  private buf = "";
  push(text: string): SseFrame[] {
    this.buf += text;
    if (this.buf.includes("\r")) this.buf = this.buf.replace(/\r\n?/g, "\n");
    const out: SseFrame[] = [];
    for (let i = this.buf.indexOf("\n\n"); i >= 0; i = this.buf.indexOf("\n\n")) {
      out.push(parseSseFrame(this.buf.slice(0, i)));
      this.buf = this.buf.slice(i + 2);
    }
    return out;
  }
}
