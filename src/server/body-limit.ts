export function tooLarge(limit: number): Response {
  return Response.json(
    { error: { code: "PAYLOAD_TOO_LARGE", message: `request body is larger than the limit of ${limit} bytes` } },
    { status: 413 },
  );
}

/** A copy of `req` with its body read into memory, or a 413 response. */
export async function withBodyLimit(req: Request, limit: number): Promise<Request | Response> {
  if (req.method === "GET" || req.method === "HEAD" || !req.body) return req;
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return tooLarge(limit);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return tooLarge(limit);
    }
    chunks.push(value);
  }
  const body = Buffer.concat(chunks);
  const headers = new Headers(req.headers);
  headers.delete("content-length");
  return new Request(req.url, { method: req.method, headers, body, signal: req.signal });
}
