/** startPgBouncer refuses bad options naming the field and its limit, before it looks for the binary or writes a file. */
import { describe, expect, it } from "vitest";
import { ZEnv } from "@/env";
import { startPgBouncer } from "./pgbouncer";

describe("startPgBouncer options", () => {
  it.each([
    [{ listenHost: "localhost" }, /listenHost must be an IP address/],
    [{ listenPort: 70_000 }, /listenPort must be 1\.\.65535/],
    [{ dbPort: 0 }, /dbPort must be 1\.\.65535/],
    [{ dbName: "a b" }, /dbName must be "\*" or 1-63 of/],
    [{ dbUser: "x".repeat(64) }, /dbUser must be 1-63 of/],
    [{ dbHost: "h;rm" }, /dbHost must be a host name or address/],
    [{ poolSize: 0 }, /poolSize must be 1\.\.1000/],
    [{ maxClientConn: 100_001 }, /maxClientConn must be 1\.\.100000/],
    [{ poolMode: "bogus" as never }, /poolMode must be session, transaction or statement/],
    [{ binary: "/nonexistent/pgbouncer" }, /pgbouncer not found: apt-get install -y pgbouncer/],
  ])("refuses %j", async (opts, message) => {
    await expect(startPgBouncer(opts)).rejects.toThrow(message);
  });
});

describe("DATABASE_DIRECT_URL", () => {
  it("needs DATABASE_URL", () => {
    const r = ZEnv.safeParse({ DATABASE_DIRECT_URL: "postgresql://postgres@127.0.0.1:5432/fluxo" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({
      path: ["DATABASE_DIRECT_URL"],
      message: expect.stringMatching(/needs DATABASE_URL/),
    });
  });

  it("is optional and refused when not a URL", () => {
    expect(ZEnv.safeParse({ DATABASE_URL: "postgresql://postgres@127.0.0.1:6432/fluxo" }).success).toBe(true);
    const bad = ZEnv.safeParse({
      DATABASE_URL: "postgresql://postgres@127.0.0.1:6432/fluxo",
      DATABASE_DIRECT_URL: "nope",
    });
    expect(bad.error?.issues[0]?.path).toEqual(["DATABASE_DIRECT_URL"]);
  });
});
