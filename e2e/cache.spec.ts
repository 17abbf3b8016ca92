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
  // The row's counters: the two identical submissions each looked the result up (a hit, or a miss that
  // computed — which one depends on Redis, whose entries outlive a test run, and on the first run
  // having finished), a compute only after a miss, and the hit rate is hits / (hits + misses).
  const cells = (await row.locator("td").allTextContents()).map((c) => c.trim());
  const num = (c: string) => Number(c.replace(/[^\d.]/g, ""));
  const [rate, l1, l2, misses, computes] = [1, 2, 3, 4, 5].map((i) => num(cells[i]!)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  expect(cells[1]).toMatch(/%$/);
  expect(l1 + l2 + misses).toBeGreaterThanOrEqual(2);
  expect(computes).toBeLessThanOrEqual(misses);
  expect(Math.abs(rate - (100 * (l1 + l2)) / (l1 + l2 + misses))).toBeLessThanOrEqual(1);
});
