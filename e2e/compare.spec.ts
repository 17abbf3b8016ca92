import { expect, test, type Page } from "@playwright/test";

/**
 * A forecast started through the HTTP API with the page's session (a rerun of `originRunId` through
 * POST /api/v1/runs, which takes it), waited for until it succeeds.
 */
async function forecast(page: Page, backlog: number, originRunId?: string): Promise<string> {
  const csrf = await page.locator('meta[name="csrf-token"]').getAttribute("content");
  const input = {
    samples: [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2],
    backlog,
    trials: 20_000,
    seed: 5,
    percentiles: [50, 85],
  };
  const res = await page.request.post(originRunId ? "/api/v1/runs" : "/api/v1/forecasts/when", {
    headers: { "x-csrf-token": csrf!, origin: new URL(page.url()).origin },
    data: originRunId ? { task: "forecast.when", input, originRunId } : input,
  });
  expect(res.status(), await res.text()).toBe(202);
  const { runId } = (await res.json()) as { runId: string };
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/runs/${runId}`)).json()) as { status: string }).status, {
      timeout: 60_000,
    })
    .toBe("succeeded");
  return runId;
}

test("compare two forecasts: pick them in the runs list, see the changed field and both P85s", async ({ page }) => {
  await page.goto("/runs");
  const a = await forecast(page, 40);
  const b = await forecast(page, 80);

  await page.reload();
  const button = page.getByTestId("compare-button");
  await expect(page.getByTestId(`run-row-${b}`)).toBeVisible({ timeout: 10_000 });
  await expect(button).toBeDisabled();
  await page.getByTestId(`compare-pick-${a}`).check();
  await expect(page.getByTestId("compare-pick-reason")).toContainText("Tick 2 to 4 runs of one task");
  await page.getByTestId(`compare-pick-${b}`).check();
  await expect(button).toBeEnabled();
  await button.click();
  await expect(page).toHaveURL(new RegExp(`/runs/compare\\?ids=${a},${b}$`));

  const view = page.getByTestId("compare-view");
  await expect(view).toHaveAttribute("data-task", "forecast.when");
  await expect(page.getByTestId("compare-run")).toHaveCount(2);
  await expect(page.getByTestId("compare-engine-warning")).toHaveCount(0);
  // Only backlog differs: it is the one row shown, highlighted; the toggle shows the others.
  const rows = page.getByTestId("compare-input-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-field", "backlog");
  await expect(rows.first()).toContainText("40");
  await expect(rows.first()).toContainText("80");
  await page.getByTestId("compare-toggle-unchanged").click();
  await expect(page.locator('[data-testid="compare-input-row"][data-field="seed"]')).toBeVisible();

  // Both P85s side by side, the second later, with its delta.
  const results = await Promise.all(
    [a, b].map(
      async (id) =>
        (
          (await (await page.request.get(`/api/v1/runs/${id}`)).json()) as {
            result: { percentiles: Record<string, number> };
          }
        ).result.percentiles["85"]!,
    ),
  );
  const p85 = page.locator('[data-testid="compare-output-row"][data-key="periods.P85"]');
  await expect(p85.getByTestId("compare-value-A")).toHaveText(String(results[0]));
  await expect(p85.getByTestId("compare-value-B")).toHaveText(String(results[1]));
  await expect(p85.getByTestId("compare-delta-B")).toHaveText(`+${results[1]! - results[0]!}`);
  await expect(page.getByTestId("compare-chart-cdf")).toBeVisible();
});

test("a rerun's Compare with origin shows the changed field and the moved P85", async ({ page }) => {
  await page.goto("/runs");
  const origin = await forecast(page, 50);
  const rerun = await forecast(page, 100, origin);
  await page.goto(`/runs/${rerun}`);
  await page.getByTestId("compare-with-origin").click();
  await expect(page).toHaveURL(new RegExp(`/runs/compare\\?ids=${origin},${rerun}$`));
  const rows = page.getByTestId("compare-input-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-field", "backlog");
  const p85 = page.locator('[data-testid="compare-output-row"][data-key="periods.P85"]');
  const [a, b] = await Promise.all(["A", "B"].map((l) => p85.getByTestId(`compare-value-${l}`).innerText()));
  expect(Number(b)).toBeGreaterThan(Number(a)); // twice the backlog: a later P85
  await expect(p85.getByTestId("compare-delta-B")).toHaveText(`+${Number(b) - Number(a)}`);
});
