import { expect, test } from "@playwright/test";
import { fillForecast, status } from "./helpers";
import { ADMIN_STATE } from "./accounts";

// The cache console is for admins.
test.use({ storageState: ADMIN_STATE });

test("an identical forecast comes from cache at once; Run fresh computes it again; the cache page shows it", async ({
  page,
}) => {
  await page.goto("/forecast");
  await fillForecast(page, { samples: "2, 3, 4, 5, 6", backlog: "40", trials: "20000", startDate: "2024-01-01" });
  await page.getByRole("button", { name: "Run forecast" }).click();
  await expect(page).toHaveURL(/run=/);
  const first = new URL(page.url()).searchParams.get("run")!;
  await expect(status(page)).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
  await expect(page.getByTestId("from-cache")).toHaveCount(0);
  // A-P3 (exact): P85 = 12 weeks → 2024-03-25.
  await expect(page.getByTestId("percentile-85")).toContainText("2024-03-25");

  await page.getByRole("button", { name: "Run forecast" }).click();
  await expect(page).not.toHaveURL(new RegExp(`run=${first}`));
  await expect(status(page)).toHaveAttribute("data-status", "succeeded");
  const fromCache = page.getByTestId("from-cache");
  await expect(fromCache).toBeVisible();
  await expect(fromCache.getByRole("link")).toHaveAttribute("href", `/runs/${first}`);
  await expect(page.getByTestId("percentile-85")).toContainText("2024-03-25");

  const cachedId = new URL(page.url()).searchParams.get("run")!;
  await page.getByRole("button", { name: /Run fresh/ }).click();
  await expect(page).not.toHaveURL(new RegExp(`run=${cachedId}`));
  await expect(status(page)).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
  await expect(page.getByTestId("from-cache")).toHaveCount(0);

  await page.goto("/console/cache");
  const row = page.getByTestId("cache-ns-run-results:forecast.when");
  await expect(row).toBeVisible();
  // The row's counters: at least the one hit (the answer from cache; the first run may itself have
  // been a hit in Redis, which outlives a test run), and the hit rate is hits / (hits + misses).
  const cells = (await row.locator("td").allTextContents()).map((c) => c.trim());
  const num = (c: string) => Number(c.replace(/[^\d.]/g, ""));
  const [rate, l1, l2, misses] = [num(cells[1]!), num(cells[2]!), num(cells[3]!), num(cells[4]!)];
  expect(cells[1]).toMatch(/%$/);
  expect(l1 + l2).toBeGreaterThanOrEqual(1);
  expect(Math.abs(rate - (100 * (l1 + l2)) / (l1 + l2 + misses))).toBeLessThanOrEqual(1);
});
