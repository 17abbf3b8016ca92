import { expect, test } from "@playwright/test";
import { IMPROVING_FLOW, fillForecast, status } from "./helpers";

test.describe("forecast: stop at the precision asked", () => {
  test("“Stop when P85 is known to ±N days” stops the run early and says where", async ({ page }) => {
    await page.goto("/forecast");
    // The README's reference case (A-P2, B = 100): P85 = 30 weeks.
    await fillForecast(page, {
      samples: IMPROVING_FLOW,
      backlog: "100",
      trials: "2000000",
      seed: "42",
      startDate: "2024-01-01",
    });
    await expect(page.getByLabel("Known to ± (at 95 %)")).toHaveCount(0); // off by default
    await page.getByLabel("Stop early once a percentile is known precisely enough").check();
    await page.getByLabel("Known to ± (at 95 %)").fill("3.5");
    await expect(page.getByTestId("precision-summary")).toHaveText("Stop when P85 is known to ±3.5 days");
    await page.getByRole("button", { name: "Run forecast" }).click();
    await expect(page).toHaveURL(/\/forecast\?run=[0-9a-f-]{36}/);
    await expect(status(page)).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
    const note = page.getByTestId("forecast-stopped-at");
    await expect(note).toHaveAttribute("data-reason", "precision");
    await expect(note).toHaveText("Stopped at 65,536 trials: P85 known to ±3.5 days");
    await expect(page.getByTestId("percentile-85")).toContainText("2024-07-29");
  });
});
