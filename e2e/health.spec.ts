import { expect, test } from "@playwright/test";
import { ADMIN_STATE } from "./accounts";

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
