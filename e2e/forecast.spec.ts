import { expect, test } from "@playwright/test";
import { IMPROVING_FLOW, bar, fillForecast, progressValue, status, watchProgress } from "./helpers";

test.describe("forecast: when will it be done?", () => {
  test("submits, shows the bar moving live to 100 %, then the percentiles", async ({ page }) => {
    await page.goto("/forecast");
    await fillForecast(page, { samples: IMPROVING_FLOW, backlog: "100", trials: "10000000", seed: "42", startDate: "2024-01-01" });
    await page.getByRole("button", { name: "Run forecast" }).click();
    await expect(page).toHaveURL(/\/forecast\?run=[0-9a-f-]{36}/);
    await expect(bar(page)).toBeVisible();
    const seen = await watchProgress(page);
    expect(await status(page).getAttribute("data-status")).toBe("succeeded");
    expect(seen.some((v) => v > 0 && v < 100), `intermediate values seen: ${seen.join(",")}`).toBe(true);
    expect(seen[seen.length - 1]).toBe(100);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    // A-P2 (improvingflow data, B=100): P85 = 30 weeks, P95 = 33 (exact); start Mon 2024-01-01.
    const p85 = page.getByTestId("percentile-85");
    await expect(p85).toContainText("30");
    await expect(p85).toContainText("2024-07-29");
    await expect(page.getByTestId("percentile-95")).toContainText("33");
  });

  test("cancels a running forecast: it stops and says cancelled", async ({ page }) => {
    await page.goto("/forecast");
    await fillForecast(page, { samples: IMPROVING_FLOW, backlog: "600", trials: "10000000", seed: "1" });
    await page.getByRole("button", { name: "Run forecast" }).click();
    await expect.poll(() => progressValue(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    await page.getByTestId("run-panel").getByRole("button", { name: "Cancel" }).click();
    await expect(status(page)).toHaveAttribute("data-status", "cancelled", { timeout: 5_000 });
    const stoppedAt = await progressValue(page);
    expect(stoppedAt).toBeLessThan(100);
    await page.waitForTimeout(1500);
    expect(await progressValue(page)).toBe(stoppedAt);
    await expect(page.getByTestId("run-panel").getByRole("button", { name: "Cancel" })).toBeDisabled();
    await expect(page.getByTestId("percentiles")).toHaveCount(0);
  });

  test("a reload mid-run resumes the live progress where it was", async ({ page }) => {
    await page.goto("/forecast");
    await fillForecast(page, { samples: IMPROVING_FLOW, backlog: "600", trials: "10000000", seed: "2" });
    await page.getByRole("button", { name: "Run forecast" }).click();
    await expect.poll(() => progressValue(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(5);
    const before = await progressValue(page);
    const url = page.url();
    await page.reload();
    expect(page.url()).toBe(url);
    await expect(bar(page)).toBeVisible();
    await expect.poll(() => progressValue(page), { timeout: 10_000 }).toBeGreaterThanOrEqual(before);
    const after = await progressValue(page);
    await expect.poll(() => progressValue(page), { timeout: 10_000 }).toBeGreaterThan(after);
    await page.getByTestId("run-panel").getByRole("button", { name: "Cancel" }).click();
    await expect(status(page)).toHaveAttribute("data-status", "cancelled", { timeout: 5_000 });
  });

  test("bad input shows a message beside the field and starts nothing", async ({ page }) => {
    await page.goto("/forecast");
    await fillForecast(page, { samples: "1, 3, x", backlog: "-4", trials: "20000000" });
    await page.getByRole("button", { name: "Run forecast" }).click();
    const samples = page.getByLabel("Throughput samples");
    await expect(samples).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("“x” is not a number")).toBeVisible();
    await expect(page.getByLabel("Backlog", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText(/backlog must be at least 0/)).toBeVisible();
    await expect(page.getByText(/trials must be at most 10,000,000/)).toBeVisible();
    await expect(page.getByTestId("run-panel")).toHaveCount(0);
    expect(page.url()).not.toContain("run=");
  });
});
