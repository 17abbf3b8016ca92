/**
 * The market workflows: a batch collection (a group of market.collectAsset runs, one per ticker) and
 * the daily chain (market.updatePrices → market.updateFundamentals → analysis.opportunities). Steps
 * are named by task name and started from the caller's catalog (the worker's `ctx.tasks`, or the
 * tRPC context's), which holds analysis.opportunities too.
 */
import { startWorkflow, WorkflowInputError } from "@/runs/workflow";
import type { TaskCatalog } from "@/runs/task-catalog";
import { ZodError } from "zod";
import type { TBatchCollectInput } from "./market.schemas";

export const COLLECT_TASK = "market.collectAsset";
export const DAILY_CHAIN_STEPS = [
  "market.updatePrices",
  "market.updateFundamentals",
  "analysis.opportunities",
] as const;

const fieldError = (path: string, message: string) =>
  new ZodError([{ code: "custom", path: [path], message, input: undefined }]);

/** Start the group; answers the parent run's id and the tickers in step order. */
export async function startBatchCollect(input: TBatchCollectInput, o: { ownerId: string | null; tasks: TaskCatalog }) {
  const n = input.tickers.length;
  try {
    const parent = await startWorkflow(
      {
        kind: "group",
        name: `Collect ${n} asset${n === 1 ? "" : "s"}`,
        failurePolicy: "continue",
        steps: input.tickers.map((ticker) => ({
          task: COLLECT_TASK,
          input: {
            ticker,
            range: input.range,
            ...(input.provider ? { provider: input.provider } : {}),
            ...(input.watch ? { watch: true } : {}),
          },
          weight: 1,
        })),
      },
      { ownerId: o.ownerId, tasks: o.tasks },
    );
    return { runId: parent.id, tickers: input.tickers };
  } catch (e) {
    if (e instanceof WorkflowInputError) throw fieldError("tickers", `${e.path.join(".")}: ${e.message}`);
    throw e;
  }
}

/** Start the nightly chain; answers the parent run's id. */
export async function startDailyChain(o: { ownerId: string | null; tasks: TaskCatalog }) {
  const parent = await startWorkflow(
    {
      kind: "chain",
      name: "Daily market update: prices → fundamentals → opportunities",
      failurePolicy: "fail-fast",
      steps: DAILY_CHAIN_STEPS.map((task) => ({ task, input: {}, weight: task === "market.updatePrices" ? 2 : 1 })),
    },
    { ownerId: o.ownerId, canRunSystem: true, tasks: o.tasks },
  );
  return { runId: parent.id, steps: [...DAILY_CHAIN_STEPS] };
}
