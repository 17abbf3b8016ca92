import { describe, expect, it } from "vitest";
import { createRng, forecastWhen, type WhenInput } from "@/domain/forecast";
import { busyKernelThreads, KernelError, runKernel } from "./pool";
import { forecastWhenShared } from "./shared-when";

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

describe("one large forecast.when on several threads", { timeout: 60_000 }, () => {
  const large: WhenInput = {
    samples: [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2],
    backlog: { min: 90, max: 110 },
    trials: 600_000,
    seed: 5,
    percentiles: [50, 85, 95],
    risks: [{ likelihood: 0.3, low: 1, mode: 2, high: 8 }],
  };

  it("gives the same result on 1 thread, on 2 threads, shared with this thread, and in-process", async () => {
    const seen: number[] = [];
    const two = await runKernel("forecast.when", large, { threads: 2, onProgress: (f) => seen.push(f) });
    const one = await runKernel("forecast.when", large, { threads: 1 });
    expect(two).toEqual(one);
    expect(two).toEqual(forecastWhen(large, { rng: createRng(large.seed) }));
    expect(await forecastWhenShared(large, 1)).toEqual(one);
    expect(two.trials).toBe(600_000);
    // Progress from both threads is added up: non-decreasing, ending at 1.
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(seen.at(-1)).toBe(1);
  });

  it("an abort stops every thread of the run", async () => {
    const ac = new AbortController();
    let started = false;
    const p = runKernel(
      "forecast.when",
      { ...large, backlog: 400, trials: 10_000_000, risks: undefined },
      { threads: 2, signal: ac.signal, graceMs: 5_000, onProgress: () => (started = true) },
    );
    while (!started) await new Promise((r) => setTimeout(r, 20));
    expect(busyKernelThreads()).toBe(2);
    ac.abort("cancelled");
    await expect(p).rejects.toMatchObject({ name: "AbortError" });
    for (let i = 0; i < 100 && busyKernelThreads() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(busyKernelThreads()).toBe(0);
  });

  it("reports the engine's input errors by name and field, and stops the other thread", async () => {
    await expect(runKernel("forecast.when", { ...large, samples: [0, 0] }, { threads: 2 })).rejects.toMatchObject({
      name: "ForecastInputError",
      field: "samples",
    });
    await expect(forecastWhenShared({ ...large, samples: [0, 0] })).rejects.toMatchObject({ field: "samples" });
  });
});
