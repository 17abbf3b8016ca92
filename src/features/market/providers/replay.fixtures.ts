/** The market clients' test setup against the loopback replay server, and the recorded PETR4 bars (test-only). */
import { resetEnvCache } from "@/env";
import type { MarketReplay } from "@/test/market-replay-server";
import { resetMarketHttp } from "./index";

/**
 * Points the market clients at `replay` (its URLs plus `extra` in process.env) and returns the undo:
 * close the replay, restore process.env, reset the env cache and the HTTP layer.
 */
export function useReplayEnv(replay: MarketReplay, extra: Record<string, string>): () => Promise<void> {
  const saved = { ...process.env };
  Object.assign(process.env, replay.env, extra);
  resetEnvCache();
  return async () => {
    await replay.close();
    process.env = saved;
    resetEnvCache();
    resetMarketHttp();
  };
}

/** The trading days of the recorded PETR4 January 2025 fixtures (brapi and Yahoo), in order. */
export const PETR4_JAN_DAYS = ["2025-01-02", "2025-01-03", "2025-01-06", "2025-01-08", "2025-01-09", "2025-01-10"];

/** PETR4's bar of 2 January 2025 as the fixtures and the CSV example record it. */
export const PETR4_2025_01_02 = {
  date: "2025-01-02",
  open: 37.62,
  high: 38.1,
  low: 37.41,
  close: 37.95,
  adjClose: 37.0124,
  volume: 31524800,
};
