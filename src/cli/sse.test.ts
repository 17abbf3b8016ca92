import { describe, expect, it } from "vitest";
import { parseSseFrame, SseParser } from "./sse";

describe("SseParser", () => {
  it("splits events across chunk boundaries, joins multi-line data and skips heartbeats", () => {
    const p = new SseParser();
    expect(p.push('id: 3\ndata: {"a":')).toEqual([]);
    expect(p.push("1}\n\n: heartbeat\n\nevent: end\ndata: {}\n\nid: 4\ndata: x\ndata: y\n")).toEqual([
      { id: "3", data: '{"a":1}' },
      { event: "end", data: "{}" },
    ]);
    expect(p.push("\n")).toEqual([{ id: "4", data: "x\ny" }]);
  });

  it("accepts CRLF line ends and fields without a space after the colon", () => {
    expect(new SseParser().push("id:7\r\nevent:end\r\ndata:z\r\n\r\n")).toEqual([{ id: "7", event: "end", data: "z" }]);
  });

  it("reads a CRLF split across two chunks as one line end, not as an empty line", () => {
    const p = new SseParser();
    expect(p.push("id: 1\r")).toEqual([]);
    expect(p.push("\ndata: a\r")).toEqual([]);
    expect(p.push("\n\r\n")).toEqual([{ id: "1", data: "a" }]);
  });

  it("keeps a second space as part of the value and ignores unknown fields", () => {
    expect(parseSseFrame("data:  two\nretry: 1000\nfoo: bar")).toEqual({ data: " two" });
  });
});
