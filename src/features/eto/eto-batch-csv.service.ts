/**
 * An ETo batch's CSV (GET /api/v1/runs/:id/result.csv of its workflow run): a finished batch's every
 * place, or — while it runs, or once cancelled or failed — the places of its partial result, read
 * from the results of the chunk runs that computed them (the same columns, the same rows a finished
 * batch gives for those places).
 */
import { isRecord } from "@/domain/shared/guards";
import { sliceSizes } from "@/domain/shared/chunks";
import type { RunRow } from "@/runs/run.repository";
import { findPartial, type PartialRecord } from "@/runs/run-partial.repository";
import { listChildResultsAt } from "@/runs/run-tree.repository";
import { ZEtoBatchPartial } from "./eto-batch-partial";
import { ZEtoMergeInput } from "./eto-batch.schemas";
import { etoBatchToCsv } from "./eto-csv";

/** What a batch's CSV is: its file name's stem, the CSV, and the partial result it holds (null: the full result). */
export interface BatchCsv {
  name: string;
  csv: string;
  partial: PartialRecord | null;
}

/** The ETo batch's CSV, or null when `run` is not an ETo batch's workflow run (or has no rows yet). */
export async function etoBatchCsv(run: RunRow): Promise<BatchCsv | null> {
  const spec = run.input;
  if (run.task !== "workflow.chord" || !isRecord(spec) || !isRecord(spec.callback)) return null;
  if (spec.callback.task !== "eto.mergeBatch") return null;
  if (run.status === "succeeded" && Array.isArray(run.result))
    return {
      name: "eto-batch",
      csv: etoBatchToCsv(run.result.map((result, index) => ({ index, result }))),
      partial: null,
    };
  const input = ZEtoMergeInput.safeParse(spec.callback.input).data;
  const partial = await findPartial(run.id);
  const p = ZEtoBatchPartial.safeParse(partial?.result).data;
  if (!input || !partial || !p) return null;
  const sizes = sliceSizes(input.places, input.chunks);
  const wanted = new Set(p.rows.map((r) => r.index));
  const results = await listChildResultsAt(run.id, p.steps);
  const places: { index: number; result: unknown }[] = [];
  for (const [step, r] of results) {
    const first = sizes.slice(0, step).reduce((a, b) => a + b, 0);
    const rows = isRecord(r) && Array.isArray(r.rows) ? r.rows : [];
    rows.forEach((result, i) => {
      if (result && wanted.has(first + i)) places.push({ index: first + i, result });
    });
  }
  places.sort((a, b) => a.index - b.index);
  return { name: "eto-batch", csv: etoBatchToCsv(places), partial };
}
