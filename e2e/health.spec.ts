import { expect, test } from "@playwright/test";
import pg from "pg";
import { ADMIN_STATE } from "./accounts";
import { fillForecast } from "./helpers";

/** The e2e server's database, as e2e/serve.ts prepares it (a local PostgreSQL; not the embedded fallback). */
const E2E_DB = (() => {
  const u = new URL(process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/fluxo_e2e");
  u.pathname = "/fluxo_e2e";
  return u.toString();
})();

test("an admin opens Table health from the console and sees the verdict and every hot table; a plain user does not", async ({
  page,
  browser,
}) => {
  const adminContext = await browser.newContext({ storageState: ADMIN_STATE });
  const admin = await adminContext.newPage();
  await admin.goto("/console");
  await admin.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Table health" }).click();
  await expect(admin).toHaveURL(/\/console\/health$/);
  await expect(admin.getByRole("heading", { name: "Job-table health" })).toBeVisible();
  await expect(admin.getByTestId("health-level")).toHaveText(/^(OK|Warning|Critical)$/);
  await expect(admin.getByTestId("health-admission")).toContainText("priority below 0");
  const tables = admin.getByTestId("health-tables");
  for (const t of ["runs", "run_events", "slots", "graphile_worker._private_jobs"])
    await expect(tables.getByTestId(`health-table-${t}`)).toBeVisible();
  // The storage settings the migration set (and Graphile's jobs table's, set after Graphile migrated).
  await expect(tables.getByTestId("health-table-runs")).toContainText("fillfactor=85");
  await expect(tables.getByTestId("health-table-graphile_worker._private_jobs")).toContainText(
    "autovacuum_vacuum_scale_factor=0.01",
  );
  await expect(admin.getByRole("heading", { name: /Oldest open transactions/ })).toBeVisible();
  await expect(admin.getByRole("heading", { name: /Statements running longer than 60 s/ })).toBeVisible();
  await adminContext.close();

  // The default signed-in account is not an admin: no health panel for it.
  await page.goto("/console/health");
  await expect(page.getByTestId("health-panel")).toHaveCount(0);
});

test("while forecasts' queue is backed up, the form refuses a low-priority run and says why; a normal one starts", async ({
  page,
}) => {
  const db = new pg.Client({ connectionString: E2E_DB });
  const reached = await db.connect().then(
    () => true,
    () => false,
  );
  test.skip(!reached, "the e2e database is the embedded PostgreSQL: its address is not known here");
  test.setTimeout(120_000);
  // A run of the analysis queue (forecasts') waiting for an hour, with no job: no worker ever takes it.
  const { rows } = await db.query<{ id: string }>(
    `insert into runs (id, task, queue, status, input, input_hash, created_at)
     values (gen_random_uuid(), 'e2e.backlog', 'analysis', 'queued', '{}', 'e2e', now() - interval '1 hour')
     returning id::text`,
  );
  try {
    const start = async (priority: "low" | "normal") => {
      await page.goto("/forecast");
      await fillForecast(page, { samples: "2, 3, 4, 5, 6", backlog: "40", trials: "20000" });
      await page.getByTestId("run-options").locator("summary").click();
      await page.getByLabel("Priority", { exact: true }).selectOption(priority);
      await page.getByRole("button", { name: "Run forecast" }).click();
    };
    // The web process re-reads the queues every few seconds: until it has seen the backlog, a try starts.
    const refusal = page.getByRole("alert").filter({ hasText: "Fluxo is shedding load" });
    await expect(async () => {
      await start("low");
      await expect(refusal).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 60_000 });
    await expect(refusal).toContainText("The forecast could not be started");
    await expect(refusal).toContainText("queue analysis's oldest run has waited");
    await expect(refusal).toContainText("low-priority runs (priority below 0) are refused");
    await expect(page).not.toHaveURL(/run=/);
    await start("normal");
    await expect(page).toHaveURL(/run=[0-9a-f-]{36}/);
  } finally {
    await db.query("delete from runs where id = $1", [rows[0]!.id]);
    await db.end();
  }
});
