/** "Edit and rerun" of a forecast run: its tab's form, prefilled from the run (`?run=`), linked to it (`?from=`). */
import { tabOfTask } from "./forecast-tabs";

/** The forecast page for a rerun of `run`; null for a forecast task without a form (chunks, sensitivity). */
export function forecastRerunHref(run: { id: string; task: string }): string | null {
  const tab = tabOfTask(run.task);
  return tab ? `/forecast?run=${run.id}&tab=${tab}&from=${run.id}` : null;
}
