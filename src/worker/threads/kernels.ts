/** CPU kernels that run in threads: the domain's pure engines, given a seeded RNG. */
import { createRng, forecastWhen, type WhenInput, type WhenResult } from "@/domain/forecast";

export interface KernelControl {
  signal: { readonly aborted: boolean };
  onProgress: (fraction: number, stage?: string, message?: string) => void;
}

export const kernels = {
  "forecast.when": (input: WhenInput, c: KernelControl): WhenResult =>
    forecastWhen(input, { rng: createRng(input.seed), onProgress: c.onProgress, signal: c.signal }),
  /** Diagnostic: keeps a thread busy for `ms`; with `ignoreStop` it never looks at the stop flag. */
  "system.spin": (input: { ms: number; ignoreStop?: boolean }, c: KernelControl): { spunMs: number } => {
    const t0 = Date.now();
    while (Date.now() - t0 < input.ms) {
      if (!input.ignoreStop && c.signal.aborted) throw Object.assign(new Error("spin stopped"), { name: "AbortError" });
    }
    return { spunMs: Date.now() - t0 };
  },
} satisfies Record<string, (input: never, c: KernelControl) => unknown>;

export type KernelName = keyof typeof kernels;
export type KernelInput<K extends KernelName> = Parameters<(typeof kernels)[K]>[0];
export type KernelOutput<K extends KernelName> = ReturnType<(typeof kernels)[K]>;
