/**
 * The console's job-table health (/console/health, GET /api/v1/console/health): the hot tables, what
 * holds the xmin horizon, long queries, the verdict and admission control's state — read now (a few
 * catalog reads), which also refreshes this process's admission state.
 */
import { env } from "@/env";
import { refreshAdmission } from "@/runs/admission";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function tableHealthView() {
  const s = await refreshAdmission();
  const e = env();
  return {
    at: s.read.at,
    verdict: s.health,
    thresholds: s.thresholds,
    tables: s.read.tables.map((t) => ({
      ...t,
      lastAutovacuum: iso(t.lastAutovacuum),
      lastAutoanalyze: iso(t.lastAutoanalyze),
      lastVacuum: iso(t.lastVacuum),
    })),
    xmin: s.read.xmin,
    longQueries: s.read.longQueries,
    admission: {
      shedding: s.health.level === "critical" || s.backedUp.length > 0,
      lowPriorityBelow: e.ADMISSION_LOW_PRIORITY_BELOW,
      queueWaitLimitS: s.queueWaitLimitS,
      retryAfterS: e.ADMISSION_RETRY_AFTER_S,
      backedUp: s.backedUp,
    },
  };
}
