/**
 * Schedules on real Postgres with an injected clock: fire instants in America/Sao_Paulo and across
 * New York's change to daylight time, missed-slot policies after downtime, concurrent tickers that
 * never double-fire a slot; and retention cleanup that deletes only expired finished runs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { resetEnvCache } from "@/env";
import { testDatabaseUrl } from "@/test/db-url";

let m: {
  repo: typeof import("./schedule.repository");
  scheduler: typeof import("./scheduler");
  retention: typeof import("./retention.repository");
  tasks: typeof import("@/test/test-tasks");
};
let client: pg.Client;
let registry: Map<string, import("./define-task").AnyTask>;
const made: string[] = [];

beforeAll(async () => {
  process.env.DATABASE_URL = testDatabaseUrl();
  resetEnvCache();
  m = {
    repo: await import("./schedule.repository"),
    scheduler: await import("./scheduler"),
    retention: await import("./retention.repository"),
    tasks: await import("@/test/test-tasks"),
  };
  registry = new Map(m.tasks.testTasks.map((t) => [t.name, t]));
  client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
});

afterAll(async () => {
  if (made.length) {
    await client.query("select graphile_worker.remove_job(id::text) from runs where schedule_id = any($1::uuid[])", [
      made,
    ]);
    await client.query("delete from schedules where id = any($1::uuid[])", [made]);
  }
  await client?.end();
  const [{ closePubSub }, { closeRedis }, { closeDb }] = await Promise.all([
    import("@/server/pubsub"),
    import("@/server/redis"),
    import("@/server/db"),
  ]);
  await Promise.allSettled([closePubSub(), closeRedis(), closeDb()]);
  resetEnvCache();
});

async function schedule(o: {
  cron: string;
  timezone: string;
  from: string;
  missedPolicy?: "skip" | "once" | "backfill";
  maxBackfill?: number;
}) {
  const { nextFires } = await import("@/domain/schedule");
  const from = new Date(o.from);
  const s = await m.repo.insertSchedule({
    name: `test ${o.cron} ${o.timezone}`,
    cron: o.cron,
    timezone: o.timezone,
    task: m.tasks.stepsTask.name,
    input: { steps: 1, stepMs: 1 },
    enabled: true,
    missedPolicy: o.missedPolicy ?? "once",
    maxBackfill: o.maxBackfill ?? 10,
    ownerId: null,
    lastSlotAt: from,
    nextRunAt: nextFires(o.cron, o.timezone, from, 1)[0]!,
  });
  made.push(s.id);
  return s;
}

async function slots(scheduleId: string): Promise<string[]> {
  const r = await client.query<{ slot: Date }>(
    "select schedule_slot as slot from runs where schedule_id = $1 order by schedule_slot",
    [scheduleId],
  );
  return r.rows.map((x) => x.slot.toISOString());
}

const tick = (iso: string) => m.scheduler.tickSchedules(registry, new Date(iso));

describe("schedule tick", () => {
  it("fires 09:00 São Paulo at 12:00Z every day while 09:00 New York moves from 14:00Z to 13:00Z (DST, 2026-03-08)", async () => {
    const sp = await schedule({ cron: "0 9 * * *", timezone: "America/Sao_Paulo", from: "2026-03-06T00:00:00Z" });
    const ny = await schedule({ cron: "0 9 * * *", timezone: "America/New_York", from: "2026-03-06T00:00:00Z" });
    // A clock walking in 30-minute steps over four days, ticking as a worker would.
    for (let t = Date.parse("2026-03-06T00:00:00Z"); t <= Date.parse("2026-03-09T23:30:00Z"); t += 30 * 60_000) {
      await tick(new Date(t + 5_000).toISOString());
    }
    expect(await slots(sp.id)).toEqual([
      "2026-03-06T12:00:00.000Z",
      "2026-03-07T12:00:00.000Z",
      "2026-03-08T12:00:00.000Z",
      "2026-03-09T12:00:00.000Z",
    ]);
    expect(await slots(ny.id)).toEqual([
      "2026-03-06T14:00:00.000Z",
      "2026-03-07T14:00:00.000Z",
      "2026-03-08T13:00:00.000Z",
      "2026-03-09T13:00:00.000Z",
    ]);
  });

  it("after downtime follows the policy: skip, once, backfill up to N", async () => {
    const from = "2026-04-01T00:00:00Z"; // hourly; ticks resume at 06:00:10, slots 01..05 missed
    const skip = await schedule({ cron: "0 * * * *", timezone: "UTC", from, missedPolicy: "skip" });
    const once = await schedule({ cron: "0 * * * *", timezone: "UTC", from, missedPolicy: "once" });
    const back = await schedule({ cron: "0 * * * *", timezone: "UTC", from, missedPolicy: "backfill", maxBackfill: 3 });
    await tick("2026-04-01T06:00:10Z");
    expect(await slots(skip.id)).toEqual(["2026-04-01T06:00:00.000Z"]);
    expect(await slots(once.id)).toEqual(["2026-04-01T06:00:00.000Z"]);
    expect(await slots(back.id)).toEqual([
      "2026-04-01T03:00:00.000Z",
      "2026-04-01T04:00:00.000Z",
      "2026-04-01T05:00:00.000Z",
      "2026-04-01T06:00:00.000Z",
    ]);
    // Later, with no tick on time: "once" runs once for the missed ones.
    await tick("2026-04-01T09:30:00Z");
    expect(await slots(once.id)).toEqual(["2026-04-01T06:00:00.000Z", "2026-04-01T09:00:00.000Z"]);
    expect(await slots(skip.id)).toEqual(["2026-04-01T06:00:00.000Z"]);
  });

  it("never fires a slot twice, however many tickers run at once", async () => {
    const s = await schedule({
      cron: "*/10 * * * *",
      timezone: "America/Sao_Paulo",
      from: "2026-05-01T00:00:00Z",
      missedPolicy: "backfill",
      maxBackfill: 100,
    });
    const results = await Promise.all(Array.from({ length: 6 }, () => tick("2026-05-01T02:00:30Z")));
    const fired = results.reduce((n, r) => n + r.fired, 0);
    const got = await slots(s.id);
    expect(got).toHaveLength(12); // 00:10 … 02:00
    expect(new Set(got).size).toBe(12);
    expect(fired).toBeGreaterThanOrEqual(12); // other schedules may fire too; ours exactly once each
    // Even a ticker that lost its bookkeeping (slots re-offered) cannot insert a second run for a slot.
    await client.query("update schedules set last_slot_at = $2, next_run_at = $3 where id = $1", [
      s.id,
      "2026-05-01T00:00:00Z",
      "2026-05-01T00:10:00Z",
    ]);
    await tick("2026-05-01T02:00:40Z");
    expect(await slots(s.id)).toHaveLength(12);
  });

  it("leaves a schedule whose task does not exist idle, and skips a disabled one", async () => {
    const s = await schedule({ cron: "* * * * *", timezone: "UTC", from: "2026-06-01T00:00:00Z" });
    await client.query("update schedules set task = 'market.prices' where id = $1", [s.id]);
    await tick("2026-06-01T00:01:05Z");
    expect(await slots(s.id)).toEqual([]);
    const d = await schedule({ cron: "* * * * *", timezone: "UTC", from: "2026-06-01T00:00:00Z" });
    await client.query("update schedules set enabled = false where id = $1", [d.id]);
    await tick("2026-06-01T00:01:05Z");
    expect(await slots(d.id)).toEqual([]);
  });
});

describe("retention", () => {
  it("deletes only finished runs whose retention passed, with their events, in batches", async () => {
    const kinds: [string, string, string | null][] = [
      ["expired-done", "succeeded", "-1 hour"],
      ["expired-failed", "failed", "-1 minute"],
      ["expired-running", "running", "-1 hour"],
      ["fresh-done", "succeeded", "1 hour"],
      ["no-expiry", "succeeded", null],
    ];
    const ids = { rows: [] as { id: string; kind: string }[] };
    for (const [kind, status, exp] of kinds) {
      const r = await client.query<{ id: string }>(
        `insert into runs (id, task, queue, status, input, input_hash, expires_at, event_seq)
         values (gen_random_uuid(), 'test.retention', 'default', $1::"RunStatus", '{}', 'x', case when $2::text is null then null else now() + $2::interval end, 1)
         returning id::text`,
        [status, exp],
      );
      ids.rows.push({ id: r.rows[0]!.id, kind });
    }
    await client.query(
      "insert into run_events (run_id, seq, type, payload) select id::uuid, 1, 'status', '{}' from unnest($1::text[]) id",
      [ids.rows.map((r) => r.id)],
    );
    const first = await m.retention.deleteExpiredBatch(new Date(), 1);
    const second = await m.retention.deleteExpiredBatch(new Date(), 1);
    const third = await m.retention.deleteExpiredBatch(new Date(), 1);
    expect([first, second, third]).toEqual([1, 1, 0]);
    const left = await client.query<{ id: string }>("select id::text from runs where task = 'test.retention'");
    const kept = ids.rows
      .filter((r) => left.rows.some((l) => l.id === r.id))
      .map((r) => r.kind)
      .sort();
    expect(kept).toEqual(["expired-running", "fresh-done", "no-expiry"]);
    const events = await client.query("select count(*)::int n from run_events where run_id = any($1::uuid[])", [
      ids.rows.map((r) => r.id),
    ]);
    expect(events.rows[0].n).toBe(3);
    await client.query("delete from runs where task = 'test.retention'");
  });
});
