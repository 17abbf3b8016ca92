import { expect, test } from "@playwright/test";
import { IMPROVING_FLOW, fillForecast, status } from "./helpers";

test("runs list and run page follow a run live, with its timeline", async ({ page, context }) => {
  const list = await context.newPage();
  await list.goto("/runs");
  await expect(list.getByTestId("runs-table")).toBeVisible();

  await page.goto("/forecast");
  await fillForecast(page, { samples: IMPROVING_FLOW, backlog: "200", trials: "5000000", seed: "9" });
  await page.getByRole("button", { name: "Run forecast" }).click();
  await expect(page).toHaveURL(/run=([0-9a-f-]{36})/);
  const runId = new URL(page.url()).searchParams.get("run")!;

  // The list, opened before the run existed, shows it and its final status without a reload.
  const row = list.getByTestId(`run-row-${runId}`);
  await expect(row).toBeVisible({ timeout: 10_000 });
  await expect(row.getByTestId(`run-status-${runId}`)).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
  await expect(status(page)).toHaveAttribute("data-status", "succeeded");

  await row.getByRole("link").first().click();
  await expect(list).toHaveURL(new RegExp(`/runs/${runId}`));
  const timeline = list.getByTestId("run-timeline");
  await expect(timeline).toContainText("Queued");
  await expect(timeline).toContainText("Running");
  await expect(timeline).toContainText("Succeeded");
  await expect(list.getByText("forecast.when").first()).toBeVisible();
});
