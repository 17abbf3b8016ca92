import { adminProcedure, asBadRequest, createTRPCRouter } from "@/server/trpc";
import { ZAlertHistoryInput, ZAlertRuleId, ZCreateAlertRule, ZUpdateAlertRule } from "./alerts.schemas";
import * as svc from "./alerts.service";

/** Alerts: admins only. */
export const alertsRouter = createTRPCRouter({
  open: adminProcedure.query(() => svc.open()),
  history: adminProcedure.input(ZAlertHistoryInput).query(({ input }) => svc.history(input)),
  rules: adminProcedure.query(() => svc.rules()),
  /** Evaluate now (as the minute's schedule would): what fired and resolved. */
  evaluateNow: adminProcedure.mutation(async () => {
    const r = await svc.evaluate(new Date());
    return { ran: r.ran, fired: r.fired.length, resolved: r.resolved.length };
  }),
  createRule: adminProcedure
    .input(ZCreateAlertRule)
    .mutation(({ ctx, input }) => svc.createRule(input, ctx.tasks).catch(asBadRequest)),
  updateRule: adminProcedure
    .input(ZUpdateAlertRule)
    .mutation(({ ctx, input }) => svc.editRule(input, ctx.tasks).catch(asBadRequest)),
  removeRule: adminProcedure.input(ZAlertRuleId).mutation(({ input }) => svc.removeRule(input.id).catch(asBadRequest)),
});
