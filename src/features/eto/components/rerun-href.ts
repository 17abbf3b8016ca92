/** "Edit and rerun" of an eto.compute run: the ETo page's form, prefilled from the run (`?run=`), linked to it (`?from=`). */
import { ETO_TASK } from "./eto-result-view";

export const etoRerunHref = (run: { id: string; task: string }): string | null =>
  run.task === ETO_TASK ? `/eto?run=${run.id}&from=${run.id}` : null;
