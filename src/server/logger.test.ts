import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, logger, redactUrl } from "./logger";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  // The app's own logger (same options as `logger`), writing here instead of to standard output.
  const log = createLogger(stream);
  return { log, text: () => lines.join("") };
}

describe("logger redaction", () => {
  it("never writes passwords, tokens, cookies or secrets, wherever they sit", () => {
    const { log, text } = capture();
    const secrets = [
      "hunter2-password",
      "fxt_SECRETTOKENVALUE",
      "fluxo.session_token=abc.def",
      "Bearer fxt_OTHER",
      "csrf-XYZ",
      "s3cr3t-auth-key-0123456789abcdef",
    ];
    log.info({ password: secrets[0], user: { password: secrets[0], token: secrets[1] } }, "sign-up");
    log.info({ headers: { cookie: secrets[2], authorization: secrets[3], "x-csrf-token": secrets[4] } }, "request");
    log.info({ req: { headers: { cookie: secrets[2], authorization: secrets[3] } } }, "nested request");
    log.info({ AUTH_SECRET: secrets[5], apiToken: secrets[1] }, "config");
    const out = text();
    for (const s of secrets) expect(out).not.toContain(s);
    expect(out).toContain("[redacted]");
    expect(out).toContain("sign-up"); // the line itself is kept
    expect(JSON.parse(out.split("\n")[0]!)).toMatchObject({ proc: logger.bindings().proc, msg: "sign-up" });
  });

  it("hides the password of a connection URL", () => {
    expect(redactUrl("postgresql://fluxo:pa55@db:5432/fluxo")).toBe("postgresql://fluxo:***@db:5432/fluxo");
    expect(redactUrl("not a url")).toBe("(unparseable URL)");
  });
});
