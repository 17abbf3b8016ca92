import { describe, expect, it } from "vitest";
import { KernelError, runKernel } from "./pool";

describe("kernel threads", () => {
  it("returns the kernel's result and forwards its progress", async () => {
    const seen: number[] = [];
    const r = await runKernel(
      "forecast.when",
      { samples: [5, 5, 5, 5], backlog: 50, trials: 50_000, seed: 1, percentiles: [50, 85] },
      { onProgress: (f) => seen.push(f) },
    );
    expect(r.percentiles).toEqual({ "50": 10, "85": 10 });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toBe(1);
  });

  it("stops a kernel that honours the stop flag", async () => {
    const ac = new AbortController();
    const p = runKernel("system.spin", { ms: 30_000 }, { signal: ac.signal, graceMs: 5_000 });
    setTimeout(() => ac.abort("cancelled"), 600);
    await expect(p).rejects.toThrow("spin stopped");
  });

  it("terminates a kernel that ignores the stop flag after the grace period", async () => {
    const ac = new AbortController();
    const p = runKernel("system.spin", { ms: 30_000, ignoreStop: true }, { signal: ac.signal, graceMs: 200 });
    setTimeout(() => ac.abort("cancelled"), 600);
    await expect(p).rejects.toThrow(/ignored the stop request; thread terminated/);
    await expect(p).rejects.toBeInstanceOf(KernelError);
  });

  it("reports the engine's input errors by name and field", async () => {
    await expect(
      runKernel("forecast.when", { samples: [0, 0], backlog: 5, trials: 10, seed: 1, percentiles: [50] }),
    ).rejects.toMatchObject({ name: "ForecastInputError", field: "samples" });
  });
});
