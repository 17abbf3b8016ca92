/** `alerts.evaluate`: the minute's alert evaluation (system schedule `* * * * *`); the work is in the service. */
import { z } from "zod";
import { defineTask } from "@/runs/define-task";
import { evaluate } from "./alerts.service";

export const evaluateAlertsTask = defineTask({
  name: "alerts.evaluate",
  queue: "default",
  system: true,
  input: z.object({}).strict(),
  /** Whether it ran (another evaluation may hold the lock), what fired and resolved, deliveries queued. */
  output: z.object({ ran: z.boolean(), fired: z.number(), resolved: z.number(), deliveries: z.number() }),
  retry: { attempts: 1 },
  timeout: { softMs: 50_000 },
  resultTtlMs: 3_600_000,
  async handler(_input, ctx) {
    const r = await evaluate(new Date());
    if (r.fired.length || r.resolved.length)
      await ctx.log(`${r.fired.length} alert(s) fired, ${r.resolved.length} resolved`);
    return { ran: r.ran, fired: r.fired.length, resolved: r.resolved.length, deliveries: r.deliveries };
  },
});

export const alertsTasks = [evaluateAlertsTask] as const;
