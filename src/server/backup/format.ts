/**
 * The Fluxo backup file: a gzip stream of lines, written and read here (no pg_dump needed).
 *
 *   FLUXO-BACKUP 1
 *   H {"format":1,"fluxoVersion":…,"migrations":[…],"graphileMigrations":[…],"tables":[…],…}
 *   T {"schema":"public","name":"users","columns":[…]}
 *   <the table's rows in PostgreSQL's COPY text format, one line each>
 *   \.
 *   T …                                  (every table of the header, in its order)
 *   E {"rows":{"public.users":3,…},"sequences":[…],"sha256":"…"}
 *
 * The sha256 covers every byte before the `E` line; the `E` line's row counts are checked against the
 * rows read. COPY's text format escapes backslashes, newlines and carriage returns inside values, so
 * a row is exactly one line and a line `\.` can only be the end of a table.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { finished } from "node:stream/promises";
import zlib from "node:zlib";

export const MAGIC = "FLUXO-BACKUP 1";
export const FORMAT_VERSION = 1;
const END_OF_TABLE = "\\.\n";
/** Batch rows into writes of about this size. */
const BATCH_BYTES = 256 * 1024;

export interface BackupTable {
  schema: string;
  name: string;
  columns: string[];
}
export interface BackupHeader {
  format: number;
  fluxoVersion: string;
  createdAt: string;
  /** host:port/database of the source (no credentials). */
  source: string;
  serverVersion: string;
  /** Prisma migrations applied in the source, by folder name. */
  migrations: string[];
  /** Graphile Worker migration ids applied in the source. */
  graphileMigrations: number[];
  /** In load order: a table comes after the tables its foreign keys point to. */
  tables: BackupTable[];
}
export interface BackupSequence {
  schema: string;
  name: string;
  lastValue: string;
  isCalled: boolean;
}
export interface BackupTrailer {
  rows: Record<string, number>;
  sequences: BackupSequence[];
  sha256: string;
}

/** The file is not a Fluxo backup, or is damaged (truncated, altered). */
export class BackupFileError extends Error {}

export const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;
export const qualifiedName = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;
export const tableSql = (t: { schema: string; name: string }) => `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`;

function countNewlines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/** Writes a backup to `<file>.partial`, renamed to `file` by finish() (a failed backup leaves no file). */
export class BackupWriter {
  private readonly gzip = zlib.createGzip({ level: 6 });
  private readonly out: fs.WriteStream;
  private readonly done: Promise<void>;
  private readonly hash = createHash("sha256");
  private readonly partial: string;

  constructor(private readonly file: string) {
    this.partial = `${file}.partial`;
    this.out = fs.createWriteStream(this.partial);
    this.gzip.pipe(this.out);
    this.done = finished(this.out);
    this.done.catch(() => {});
  }

  async write(buf: Buffer, hashed = true): Promise<void> {
    if (hashed) this.hash.update(buf);
    if (!this.gzip.write(buf)) await new Promise<void>((r) => this.gzip.once("drain", () => r()));
  }

  line(text: string): Promise<void> {
    return this.write(Buffer.from(`${text}\n`, "utf8"));
  }

  /** Copies one table's COPY output; returns its row count. */
  async table(t: BackupTable, rows: AsyncIterable<Buffer>): Promise<number> {
    await this.line(`T ${JSON.stringify(t)}`);
    let n = 0;
    for await (const chunk of rows) {
      n += countNewlines(chunk);
      await this.write(chunk);
    }
    await this.write(Buffer.from(END_OF_TABLE));
    return n;
  }

  /** Writes the trailer, closes the file and moves it into place; returns its size in bytes. */
  async finish(trailer: Omit<BackupTrailer, "sha256">): Promise<number> {
    const sha256 = this.hash.digest("hex");
    await this.write(Buffer.from(`E ${JSON.stringify({ ...trailer, sha256 })}\n`), false);
    this.gzip.end();
    await this.done;
    fs.renameSync(this.partial, this.file);
    return fs.statSync(this.file).size;
  }

  /** Gives up: closes and removes the partial file. */
  async abort(): Promise<void> {
    this.gzip.destroy();
    this.out.destroy();
    fs.rmSync(this.partial, { force: true });
  }
}

/** Where read rows of one table go (a COPY … FROM STDIN). */
export interface TableSink {
  write(buf: Buffer): Promise<void>;
  end(): Promise<void>;
}

async function* lines(src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let rest: Buffer | null = null;
  for await (const chunk of src) {
    const buf: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, start)) {
      yield buf.subarray(start, i + 1);
      start = i + 1;
    }
    rest = start < buf.length ? buf.subarray(start) : null;
  }
  if (rest) yield rest; // no final newline: the caller sees a cut line
}

function parseRecord<T>(line: Buffer, tag: string, what: string): T {
  const text = line.toString("utf8");
  if (!text.startsWith(`${tag} `) || !text.endsWith("\n")) throw new BackupFileError(`damaged: expected ${what}`);
  try {
    return JSON.parse(text.slice(2)) as T;
  } catch {
    throw new BackupFileError(`damaged: unreadable ${what}`);
  }
}

function checkHeader(h: BackupHeader): BackupHeader {
  if (typeof h !== "object" || h === null || typeof h.format !== "number")
    throw new BackupFileError("damaged: header without a format version");
  if (h.format > FORMAT_VERSION)
    throw new BackupFileError(`written in format ${h.format}, newer than this Fluxo reads (${FORMAT_VERSION})`);
  if (!Array.isArray(h.migrations) || !Array.isArray(h.tables) || !Array.isArray(h.graphileMigrations))
    throw new BackupFileError("damaged: incomplete header");
  return h;
}

/**
 * Reads and checks a whole backup. Without `sinkFor` it only verifies (magic, structure, row counts,
 * checksum); with it, each table's rows are also written to the sink it returns. Throws
 * BackupFileError for anything that is not an intact Fluxo backup.
 */
export async function readBackup(
  file: string,
  sinkFor?: (t: BackupTable) => Promise<TableSink>,
): Promise<{ header: BackupHeader; trailer: BackupTrailer }> {
  const gunzip = zlib.createGunzip();
  const input = fs.createReadStream(file);
  input.on("error", (e) => gunzip.destroy(e));
  input.pipe(gunzip);
  const hash = createHash("sha256");
  let header: BackupHeader | undefined;
  let trailer: BackupTrailer | undefined;
  const rows: Record<string, number> = {};
  let table: BackupTable | undefined;
  let sink: TableSink | undefined;
  let batch: Buffer[] = [];
  let batchBytes = 0;
  const flush = async () => {
    if (sink && batch.length) await sink.write(Buffer.concat(batch, batchBytes));
    batch = [];
    batchBytes = 0;
  };
  try {
    let n = 0;
    for await (const line of lines(gunzip)) {
      if (trailer) throw new BackupFileError("damaged: data after the end record");
      if (n++ === 0) {
        if (line.toString("utf8") !== `${MAGIC}\n`) throw new BackupFileError("no Fluxo backup header");
      } else if (!header) {
        header = checkHeader(parseRecord<BackupHeader>(line, "H", "the header"));
      } else if (table) {
        if (!line.equals(Buffer.from(END_OF_TABLE))) {
          if (line[line.length - 1] !== 10) throw new BackupFileError("damaged: truncated");
          rows[qualifiedName(table)]! += 1;
          batch.push(line);
          batchBytes += line.length;
          if (batchBytes >= BATCH_BYTES) await flush();
        } else {
          await flush();
          await sink?.end();
          sink = undefined;
          table = undefined;
        }
      } else if (line[0] === 0x45 /* E */) {
        const got = hash.digest("hex");
        trailer = parseRecord<BackupTrailer>(line, "E", "the end record");
        if (trailer.sha256 !== got) throw new BackupFileError("damaged: checksum mismatch");
        continue;
      } else {
        const t = parseRecord<BackupTable>(line, "T", "a table");
        const expected = header.tables[Object.keys(rows).length];
        if (!expected || qualifiedName(expected) !== qualifiedName(t))
          throw new BackupFileError(`damaged: unexpected table ${qualifiedName(t)}`);
        table = expected;
        rows[qualifiedName(t)] = 0;
        sink = await sinkFor?.(expected);
      }
      hash.update(line);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "Z_DATA_ERROR") throw new BackupFileError("not gzip data");
    if (code === "Z_BUF_ERROR") throw new BackupFileError("damaged: truncated");
    throw e;
  } finally {
    input.destroy();
  }
  if (!header) throw new BackupFileError("no Fluxo backup header");
  if (!trailer) throw new BackupFileError("damaged: truncated (no end record)");
  for (const t of header.tables) {
    const name = qualifiedName(t);
    if (rows[name] === undefined) throw new BackupFileError(`damaged: table ${name} is missing`);
    if (trailer.rows[name] !== rows[name])
      throw new BackupFileError(`damaged: ${name} has ${rows[name]} rows, the end record says ${trailer.rows[name]}`);
  }
  return { header, trailer };
}
