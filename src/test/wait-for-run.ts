/** Polls a run until `pred` holds; fails naming the status it is stuck in. (Tests only.) */
import type { RunRow } from "@/runs/run.repository";

export async function waitForRun(id: string, pred: (r: RunRow) => boolean, timeoutMs = 15_000): Promise<RunRow> {
  // Imported late: test files set DATABASE_URL before the first database call.
  const { findRun } = await import("@/runs/run.repository");
  const t0 = Date.now();
  for (;;) {
    const r = await findRun(id);
    if (r && pred(r)) return r;
    if (Date.now() - t0 > timeoutMs) throw new Error(`run ${id} stuck in ${r?.status} (progress ${r?.progress})`);
    await new Promise((res) => setTimeout(res, 10));
  }
}
