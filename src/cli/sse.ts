/**
 * Server-sent events as Fluxo's own clients read them (the CLI, `npm run load`/`chaos`, the HTTP
 * benches): decoded text in, whole events out — `id`, `event` and `data`, per the EventSource format,
 * parsed by `eventsource-parser` (comments, `retry` and unknown fields ignored; LF, CR and CRLF line
 * ends, also when a CRLF is split across two chunks).
 */
import { createParser, type EventSourceParser } from "eventsource-parser";

export interface SseFrame {
  id?: string;
  event?: string;
  data: string;
}

/** Accumulates chunks of a stream; `push` returns the events each chunk completed. */
export class SseParser {
  private out: SseFrame[] = [];
  private readonly parser: EventSourceParser = createParser({
    onEvent: (e) =>
      this.out.push({
        ...(e.id !== undefined ? { id: e.id } : {}),
        ...(e.event !== undefined ? { event: e.event } : {}),
        data: e.data,
      }),
  });

  push(text: string): SseFrame[] {
    this.parser.feed(text);
    const done = this.out;
    this.out = [];
    return done;
  }
}

/** One frame's text (without the blank line that ends it) as an event. */
export function parseSseFrame(raw: string): SseFrame {
  const [frame] = new SseParser().push(`${raw}\n\n`);
  return frame ?? { data: "" };
}
