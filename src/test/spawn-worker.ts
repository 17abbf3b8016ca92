/** Start src/test/crash-worker.ts (a real worker process with the test tasks); resolves once it takes jobs. */
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { testDatabaseUrl } from "./db-url";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface SpawnedWorker {
  proc: ChildProcess;
  workerId: string;
  graphileWorkerId: string;
  stderr: () => string;
}

export function spawnWorker(env: Record<string, string> = {}): Promise<SpawnedWorker> {
  const proc = spawn(process.execPath, ["--import", "tsx", "src/test/crash-worker.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: testDatabaseUrl(), LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  proc.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker child not ready in 45 s; stderr:\n${err}`)), 45_000);
    proc.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const line = /^READY (\S+) (\S+)$/m.exec(out);
      if (line) {
        clearTimeout(timer);
        resolve({ proc, workerId: line[1]!, graphileWorkerId: line[2]!, stderr: () => err });
      }
    });
    proc.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`worker child exited (${code ?? signal}) before ready; stderr:\n${err}`));
    });
  });
}

/** SIGTERM (graceful) and wait for the exit. */
export async function stopWorker(w: SpawnedWorker | undefined): Promise<void> {
  if (!w || w.proc.exitCode !== null || w.proc.signalCode !== null) return;
  const exited = new Promise<void>((r) => w.proc.once("exit", () => r()));
  w.proc.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill("SIGKILL");
}
