/** The backup file format without a database: round trip, damage detection, load order. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { loadOrder } from "./dump";
import { BackupWriter, FORMAT_VERSION, MAGIC, readBackup, type BackupHeader, type BackupTable } from "./format";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fluxo-backup-format-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const users: BackupTable = { schema: "public", name: "users", columns: ["id", "name"] };
const runs: BackupTable = { schema: "public", name: "runs", columns: ["id", "owner_id"] };
const header: BackupHeader = {
  format: FORMAT_VERSION,
  fluxoVersion: "0.1.0",
  createdAt: "2026-12-07T00:00:00.000Z",
  source: "127.0.0.1:5432/fluxo",
  serverVersion: "15.20",
  migrations: ["20261125142858_init"],
  graphileMigrations: [1, 2],
  tables: [users, runs],
};
// COPY text rows: a backslash, a tab and a newline inside values are escaped, so one row is one line.
const userRows = ["u1\tAna\n", "u2\tBia \\\\ o\\nbrien\n"];
const runRows = ["r1\tu1\n", "r2\t\\N\n", "r3\tu2\n"];

async function write(file: string): Promise<number> {
  const w = new BackupWriter(file);
  await w.line(MAGIC);
  await w.line(`H ${JSON.stringify(header)}`);
  const rows = async function* (lines: string[]) {
    yield Buffer.from(lines.join(""));
  };
  const counts = {
    "public.users": await w.table(users, rows(userRows)),
    "public.runs": await w.table(runs, rows(runRows)),
  };
  return w.finish({ rows: counts, sequences: [{ schema: "s", name: "q", lastValue: "7", isCalled: true }] });
}

describe("backup format", () => {
  it("reads back what it wrote, table by table, with the row counts and sequences", async () => {
    const file = path.join(dir, "ok.backup");
    const bytes = await write(file);
    expect(fs.statSync(file).size).toBe(bytes);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    const got: Record<string, string> = {};
    const { header: h, trailer } = await readBackup(file, async (t) => {
      got[t.name] = "";
      return { write: async (b) => void (got[t.name] += b.toString()), end: async () => {} };
    });
    expect(h).toEqual(header);
    expect(trailer.rows).toEqual({ "public.users": 2, "public.runs": 3 });
    expect(trailer.sequences).toEqual([{ schema: "s", name: "q", lastValue: "7", isCalled: true }]);
    expect(got).toEqual({ users: userRows.join(""), runs: runRows.join("") });
  });

  it("refuses cut, altered, foreign and future files", async () => {
    const file = path.join(dir, "src.backup");
    await write(file);
    const text = zlib.gunzipSync(fs.readFileSync(file)).toString();
    const cases: [string, Buffer, RegExp][] = [
      ["cut gzip", fs.readFileSync(file).subarray(0, 40), /truncated/],
      ["no end record", zlib.gzipSync(text.slice(0, text.indexOf("\nE ") + 1)), /truncated \(no end record\)/],
      ["cut row", zlib.gzipSync(text.slice(0, text.indexOf("Bia") + 2)), /truncated/],
      ["altered row", zlib.gzipSync(text.replace("Ana", "Ann")), /checksum mismatch/],
      ["not gzip", Buffer.from("hello"), /not gzip data/],
      ["foreign", zlib.gzipSync("PGDMP\n"), /no Fluxo backup header/],
      ["future", zlib.gzipSync(text.replace('"format":1', '"format":9')), /format 9, newer than this Fluxo reads/],
      [
        "extra table",
        zlib.gzipSync(text.replace("T {", 'T {"schema":"x","name":"y","columns":[]}\n\\.\nT {')),
        /unexpected table x\.y/,
      ],
    ];
    for (const [name, bytes, message] of cases) {
      const f = path.join(dir, name.replace(/ /g, "-"));
      fs.writeFileSync(f, bytes);
      await expect(readBackup(f), name).rejects.toThrow(message);
    }
  });

  it("orders tables so that a table comes after those its foreign keys point to", () => {
    const order = loadOrder(
      ["public.run_events", "public.runs", "public.users", "public.portfolio_holdings", "public.portfolios"],
      [
        { from: "public.run_events", to: "public.runs" },
        { from: "public.runs", to: "public.users" },
        { from: "public.portfolios", to: "public.users" },
        { from: "public.portfolio_holdings", to: "public.portfolios" },
        { from: "public.runs", to: "public.runs" }, // a self-reference does not block
      ],
    );
    expect(order.indexOf("public.users")).toBeLessThan(order.indexOf("public.runs"));
    expect(order.indexOf("public.runs")).toBeLessThan(order.indexOf("public.run_events"));
    expect(order.indexOf("public.portfolios")).toBeLessThan(order.indexOf("public.portfolio_holdings"));
    expect(order).toHaveLength(5);
  });
});
