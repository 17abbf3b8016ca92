import { expect, type Page } from "@playwright/test";

export const IMPROVING_FLOW = "1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2";
/**
 * A forecast that runs long enough to be watched, reloaded and cancelled: a throughput of one
 * item per week against 800 items, 10,000,000 trials ≈ 8·10^9 simulated weeks (about 13 s on two
 * cores here; `fluxo compute forecast.when` measured it). Tests that need a run still running use it.
 */
export const LONG_RUN = { samples: "1, 2, 1, 0, 2, 1, 1, 0", backlog: "800", trials: "10000000" } as const;
export const LONG_RUN_JSON = { samples: [1, 2, 1, 0, 2, 1, 1, 0], backlog: 800, trials: 10_000_000 } as const;

export async function fillForecast(
  page: Page,
  o: { samples: string; backlog: string; trials?: string; seed?: string; startDate?: string },
) {
  await page.getByLabel("Throughput samples").fill(o.samples);
  await page.getByLabel("Backlog", { exact: true }).fill(o.backlog);
  if (o.trials !== undefined) await page.getByLabel("Trials").fill(o.trials);
  if (o.seed !== undefined) await page.getByLabel("Seed").fill(o.seed);
  if (o.startDate !== undefined) await page.getByLabel("Start date").fill(o.startDate);
}

export const bar = (page: Page) => page.getByTestId("run-panel").getByRole("progressbar");
export const status = (page: Page) => page.getByTestId("run-panel").getByTestId("run-status");

export async function progressValue(page: Page): Promise<number> {
  return Number((await bar(page).getAttribute("aria-valuenow")) ?? "NaN");
}

/** Reads aria-valuenow every 25 ms until the run ends; returns every distinct value seen, in order. */
export async function watchProgress(page: Page, timeoutMs = 45_000): Promise<number[]> {
  const seen: number[] = [];
  const t0 = Date.now();
  for (;;) {
    const v = await progressValue(page).catch(() => NaN);
    if (!Number.isNaN(v) && seen[seen.length - 1] !== v) seen.push(v);
    const s = await status(page)
      .getAttribute("data-status")
      .catch(() => null);
    if (s && ["succeeded", "failed", "cancelled", "dead"].includes(s)) {
      const last = await progressValue(page);
      if (seen[seen.length - 1] !== last) seen.push(last);
      return seen;
    }
    expect(Date.now() - t0, `run still ${s} after ${timeoutMs} ms`).toBeLessThan(timeoutMs);
    await page.waitForTimeout(25);
  }
}
