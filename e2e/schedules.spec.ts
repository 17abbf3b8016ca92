import { expect, test } from "@playwright/test";

test("creates a schedule with a live preview of its next fire times, and refuses one that never fires", async ({
  page,
}) => {
  await page.goto("/schedules");
  const name = `Morning forecast ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Cron").fill("0 0 30 2 *"); // 30 February: never
  await expect(page.getByText("cron never fires")).toBeVisible();

  await page.getByLabel("Cron").fill("0 9 * * 1-5");
  await page.getByLabel("Timezone").fill("America/Sao_Paulo");
  const preview = page.getByTestId("schedule-preview").getByRole("listitem");
  await expect(preview).toHaveCount(5);
  // The browser runs in America/Sao_Paulo: every fire is 9:00 AM on a weekday.
  for (const item of await preview.all()) await expect(item).toContainText(/9:00\s?AM/);
  await expect(preview.first()).not.toContainText(/Sat|Sun/);

  await page.getByRole("button", { name: "Create schedule" }).click();
  await expect(page.getByRole("status")).toContainText("Schedule saved");
  const row = page.getByTestId("schedules-table").getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("0 9 * * 1-5");
  await expect(row).toContainText(/9:00\s?AM/);

  // Run it now: the run joins the schedule's history.
  await row.getByRole("button", { name: "Run now" }).click();
  await expect(page.getByRole("status")).toContainText(/Run [0-9a-f]{8} started/);
  await row.getByRole("button", { name: "History" }).click();
  await expect(page.getByTestId("schedule-history")).toContainText("started by hand");

  // Disable, then enable again.
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row).toContainText("disabled");
  await row.getByRole("button", { name: "Enable" }).click();
  await expect(row).toContainText(/9:00\s?AM/);
});
