/** The Prometheus gauge of open alerts per kind, read at scrape time (so an outside alerting system sees them too). */
import { Gauge } from "prom-client";
import { ALERT_KINDS } from "@/domain/alerts/kinds";
import { registry } from "@/server/metrics";
import { openCountsByKind } from "./alerts.repository";

export function installAlertGauges(): void {
  if (registry.getSingleMetric("fluxo_alerts_open")) return;
  registry.registerMetric(
    new Gauge({
      registers: [],
      name: "fluxo_alerts_open",
      help: "Alerts open now, per rule kind (console: /console/alerts)",
      labelNames: ["kind"] as const,
      async collect() {
        const rows = await openCountsByKind().catch(() => null);
        if (!rows) return; // the database is down: keep the last values
        for (const k of ALERT_KINDS) this.set({ kind: k }, rows.find((r) => r.kind === k)?.n ?? 0);
      },
    }),
  );
}
