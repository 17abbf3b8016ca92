import { expect, test } from "@playwright/test";
import { ADMIN_STATE } from "./accounts";
import { LONG_RUN, fillForecast, status } from "./helpers";

test("the console follows a user's run live; an admin cancels it there and the user sees it stop; the runs filter works", async ({
  page,
  browser,
}) => {
  const adminContext = await browser.newContext({ storageState: ADMIN_STATE });
  const admin = await adminContext.newPage();
  await admin.goto("/console");
  const running = admin.getByTestId("running-analysis");
  await expect(running).toBeVisible();
  const before = Number(await running.textContent());

  // The user (the default signed-in account) starts a long forecast.
  await page.goto("/forecast");
  await fillForecast(page, { ...LONG_RUN, seed: "77" });
  await page.getByRole("button", { name: "Run forecast" }).click();
  await expect(page).toHaveURL(/run=([0-9a-f-]{36})/);
  const runId = new URL(page.url()).searchParams.get("run")!;
  await expect(status(page)).toHaveAttribute("data-status", "running");

  // The overview moves without a reload.
  await expect.poll(async () => Number(await running.textContent()), { timeout: 15_000 }).toBeGreaterThan(before);

  // Console runs, filtered to running: the admin finds the run and cancels it from its page.
  await admin.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "All runs" }).click();
  await admin.getByLabel("Status").selectOption("running");
  const row = admin.getByTestId(`run-row-${runId}`);
  await expect(row).toBeVisible();
  await row.getByRole("link").first().click();
  await admin.getByTestId("run-panel").getByRole("button", { name: "Cancel" }).click();

  // The user's page sees it stop.
  await expect(status(page)).toHaveAttribute("data-status", "cancelled", { timeout: 10_000 });

  // Filtered to running, the list no longer shows it; filtered to cancelled, it does. An absent row
  // counts only once the table shows the rows of exactly that filter (not while it loads).
  const absentFor = async (filters: string) => {
    await expect(admin.getByTestId("runs-table")).toHaveAttribute("data-shown-for", filters, { timeout: 10_000 });
    await expect(admin.getByTestId(`run-row-${runId}`)).toHaveCount(0);
  };
  await admin.goto("/console/runs");
  await admin.getByLabel("Status").selectOption("running");
  await absentFor("status=running");
  await admin.getByLabel("Status").selectOption("cancelled");
  await expect(admin.getByTestId(`run-row-${runId}`)).toBeVisible();
  // By queue, by text in the input, by owner.
  await admin.getByLabel("Queue").selectOption("reports");
  await absentFor("status=cancelled&queue=reports");
  await admin.getByLabel("Queue").selectOption("analysis");
  await expect(admin.getByTestId(`run-row-${runId}`)).toBeVisible();
  await admin.getByLabel("Input contains").fill('"seed": 78');
  await absentFor('status=cancelled&text="seed": 78&queue=analysis');
  await admin.getByLabel("Input contains").fill('"seed": 77');
  await expect(admin.getByTestId(`run-row-${runId}`)).toBeVisible();
  await admin.getByLabel("Owner email").fill("nobody@");
  await absentFor('status=cancelled&text="seed": 77&owner=nobody@&queue=analysis');
  await admin.getByLabel("Owner email").fill("bia@");
  await expect(admin.getByTestId(`run-row-${runId}`)).toBeVisible();

  // The minute-by-minute panel counts the run's start and its end (workers write their counts every 5 s).
  await admin.goto("/console");
  const minutes = admin.getByTestId("minutes-panel");
  await expect
    .poll(
      async () => {
        await admin.reload();
        await minutes.getByLabel("Queue").selectOption("analysis");
        await minutes.getByLabel("Window").selectOption("1");
        const totals = admin.getByTestId("minutes-totals");
        await expect(totals).toHaveAttribute("data-shown-for", "1h analysis all");
        return totals.textContent();
      },
      { timeout: 30_000, intervals: [2_000] },
    )
    .toMatch(/[1-9][\d,.]* started, [1-9][\d,.]* ended/);
  await adminContext.close();
});
