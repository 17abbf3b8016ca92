/**
 * Backup and restore of Fluxo's database (see src/server/backup/ and README "Backup and restore").
 *
 *   npm run backup -- FILE              write a backup of the configured (or embedded) database
 *   npm run restore -- FILE [--force]   restore it into an empty database (--force: replace its data)
 *
 * Exit codes: 0 done; 1 failed or refused (one line on stderr says why); 64 usage.
 */
import fs from "node:fs";
import path from "node:path";
import { backupDatabase } from "@/server/backup/dump";
import { BackupFileError } from "@/server/backup/format";
import { restoreDatabase, RestoreRefusedError } from "@/server/backup/restore";
import { openTarget } from "@/server/backup/target";

const USAGE = "usage: npm run backup -- FILE | npm run restore -- FILE [--force]";

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const force = rest.includes("--force");
  const files = rest.filter((a) => !a.startsWith("--"));
  const unknown = rest.find((a) => a.startsWith("--") && a !== "--force");
  if (
    (command !== "backup" && command !== "restore") ||
    files.length !== 1 ||
    unknown ||
    (force && command !== "restore")
  ) {
    console.error(unknown ? `unknown option ${unknown}; ${USAGE}` : USAGE);
    return 64;
  }
  const file = path.resolve(files[0]!);
  const log = (line: string) => console.error(line);
  if (command === "restore" && !fs.existsSync(file)) {
    console.error(`restore: ${file} does not exist`);
    return 1;
  }
  if (command === "backup" && !fs.existsSync(path.dirname(file))) {
    console.error(`backup: the folder ${path.dirname(file)} does not exist`);
    return 1;
  }
  const target = await openTarget(command, log);
  try {
    console.error(`database: ${target.label}`);
    if (command === "backup") {
      const s = await backupDatabase(target.url, file, log);
      console.log(
        `backup written to ${s.file}: ${s.tables.length} tables, ${s.rows} rows, ${mb(s.bytes)} in ${secs(s.ms)}`,
      );
    } else {
      const s = await restoreDatabase(target.url, file, { force, log });
      for (const t of s.tables) if (t.rows) log(`  ${t.name}: ${t.rows} rows`);
      const upgraded = s.upgraded.length ? `; then applied ${s.upgraded.join(", ")}` : "";
      console.log(
        `restored ${file} into ${s.database}: ${s.tables.length} tables, ${s.rows} rows in ${secs(s.ms)}${upgraded}`,
      );
    }
    return 0;
  } finally {
    await target.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const cmd = process.argv[2] === "restore" ? "restore" : "backup";
    const file = process.argv.slice(3).find((a) => !a.startsWith("--")) ?? "";
    if (err instanceof BackupFileError) console.error(`${cmd}: ${file} is not a usable Fluxo backup: ${err.message}`);
    else if (err instanceof RestoreRefusedError) console.error(`${cmd}: refused: ${err.message}`);
    else console.error(`${cmd}: failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
