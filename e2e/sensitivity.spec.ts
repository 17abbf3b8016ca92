import { expect, test } from "@playwright/test";
import { IMPROVING_FLOW, fillForecast, status } from "./helpers";

test.describe("forecast sensitivity: what moves the date most?", () => {
  test("sensitivity tornado", async ({ page }) => {
    await page.goto("/forecast");
    await fillForecast(page, {
      samples: IMPROVING_FLOW,
      backlog: "60",
      trials: "5000",
      seed: "7",
      startDate: "2026-01-05",
    });
    // A backlog change out of bounds is refused beside its field, naming the limit.
    await page.getByLabel("Backlog change (%)").fill("95");
    await page.getByTestId("sensitivity-submit").click();
    await expect(page.getByText("backlogChange must be at most 90")).toBeVisible();
    await page.getByLabel("Backlog change (%)").fill("20");
    await page.getByTestId("sensitivity-submit").click();
    await expect(page).toHaveURL(/\/forecast\?run=[0-9a-f-]{36}/);
    await expect(status(page)).toHaveAttribute("data-status", "succeeded", { timeout: 90_000 });

    // In place on the forecast page: the tornado chart and the table, the backlog factor among them.
    const result = page.getByTestId("sensitivity-result");
    await expect(result).toBeVisible();
    await expect(page.getByTestId("tornado-chart").locator("svg").first()).toBeVisible();
    await expect(page.getByTestId("tornado-chart")).toContainText("Backlog (± 20 %)");
    const backlog = page.getByTestId("sensitivity-table").locator('tr[data-factor="backlog"]');
    await expect(backlog).toContainText("48 →");
    await expect(backlog).toContainText("72 →");
    expect(Number(await backlog.getByTestId("swing-days").textContent())).toBeGreaterThan(0);

    // A reload brings the run back in place, and the When form refilled from its base forecast.
    await page.reload();
    await expect(page.getByTestId("tornado-chart").locator("svg").first()).toBeVisible({ timeout: 20_000 });
    await expect(page.getByLabel("Backlog", { exact: true })).toHaveValue("60");
    await expect(page.getByLabel("Seed")).toHaveValue("7");

    // The run page: the same tornado, and the forecasts as its steps.
    const runId = /run=([0-9a-f-]{36})/.exec(page.url())![1]!;
    await page.goto(`/runs/${runId}`);
    await expect(page.getByTestId("tornado-chart").locator("svg").first()).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId("sensitivity-table").locator('tr[data-factor="backlog"]')).toBeVisible();
    // base, backlog low and high, focus low (focus is 1: no higher), then the merge
    const steps = page.getByTestId("workflow-tree");
    await expect(steps.locator('[data-testid^="step-status-"]')).toHaveCount(5);
    await expect(steps.getByTestId("step-4")).toContainText("forecast.sensitivityMerge");
  });
});
