/**
 * Test data and plumbing the market-backed integration tests share (portfolio, reports): weekday
 * dates ending today, price series written through the market repository, an in-process worker
 * with quick timings, and tRPC replies and runs read through a signed-in caller. (Tests only.)
 */
import type { Caller, Reply } from "./http-harness";

/** Weekdays ending today (UTC), oldest first. */
export function weekdays(n: number): string[] {
  const out: string[] = [];
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  while (out.length < n) {
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() - 1);
  }
  return out.reverse();
}

/**
 * Each ticker as a csv asset ("<ticker> SA", sector Test) with one bar a date (close = adjusted
 * close = the price), in the order given.
 */

export async function seedPrices(dates: readonly string[], prices: Record<string, readonly number[]>): Promise<void> {
  // Imported late: test files set DATABASE_URL before the first database call.
  const repo = await import("@/features/market/market.repository");
  for (const [ticker, px] of Object.entries(prices)) {
    const a = await repo.upsertAsset({ ticker, source: "csv", name: `${ticker} SA`, sector: "Test" });
    await repo.upsertBars(
      a.id,
      px.map((p, i) => ({ date: dates[i]!, open: null, high: null, low: null, close: p, adjClose: p, volume: null })),
    );
  }
}

/** A tRPC reply's data; anything but a 200 throws with the status and the body. */
export const trpcData = <T>(r: Reply): T => {
  if (r.status !== 200) throw new Error(`${r.status}: ${JSON.stringify(r.body).slice(0, 400)}`);
  return (r.body as { result: { data: T } }).result.data;
};

/** Polls runs.get as `as` until the run has ended (succeeded, failed, dead or cancelled), at most `ms`. */
export async function settledRun<R extends { status: string }>(as: Caller, runId: string, ms: number): Promise<R> {
  const t0 = Date.now();
  for (;;) {
    const run = trpcData<R>(await as.trpcQuery("runs.get", { id: runId }));
    if (["succeeded", "failed", "dead", "cancelled"].includes(run.status)) return run;
    if (Date.now() - t0 > ms) throw new Error(`run ${runId} did not end (${run.status})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
