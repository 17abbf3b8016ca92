import { expect, test } from "@playwright/test";
import { ADMIN_STATE } from "./accounts";

test("an admin adds an alert rule; the minute's evaluation fires it, a banner shows on every admin page and the Alerts page lists it; deleting the rule clears it", async ({
  page,
  browser,
}) => {
  // The system schedule evaluates once a minute and the banner polls every 15 s.
  test.setTimeout(180_000);
  const adminContext = await browser.newContext({ storageState: ADMIN_STATE });
  const admin = await adminContext.newPage();
  await admin.goto("/console");
  await admin.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Alerts" }).click();
  await expect(admin).toHaveURL(/\/console\/alerts$/);
  await expect(admin.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();
  // The seeded rules are listed.
  const rules = admin.getByTestId("alert-rules");
  await expect(rules).toContainText("A run ended dead");
  await expect(rules).toContainText("Fewer than 1 live worker");

  // A bad threshold is refused naming the field and its range; nothing is added.
  const form = admin.getByTestId("alert-rule-form");
  const name = "e2e needs 1000 workers";
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Kind").selectOption("workers_below");
  await form.getByLabel("Threshold").fill("0");
  await form.getByRole("button", { name: "Add rule" }).click();
  await expect(form.getByText("threshold must be between 1 and 1,000 for workers_below (live workers)")).toBeVisible();
  await expect(rules).not.toContainText(name);

  // A rule that holds now (fewer than 1,000 live workers).
  await form.getByLabel("Threshold").fill("1000");
  await form.getByRole("button", { name: "Add rule" }).click();
  await expect(rules).toContainText(name);

  // Fired by the next evaluation: the banner appears (no reload) and links to the page, which lists it.
  const banner = admin.getByTestId("alert-banner");
  const open = admin.getByTestId("open-alerts");
  const mine = open.getByRole("row").filter({ hasText: name });
  await expect(mine).toContainText("(at least 1000 expected)", { timeout: 120_000 });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText(/alerts? open/);
  await admin.goto("/console/queues");
  await expect(banner).toBeVisible();
  await banner.getByRole("link", { name: "See alerts" }).click();
  await expect(admin).toHaveURL(/\/console\/alerts$/);
  await expect(admin.getByTestId("alert-history")).toContainText(name);

  // Deleting the rule removes its alert: the banner goes.
  const row = rules.getByRole("row").filter({ hasText: name });
  await row.getByRole("button", { name: "Delete" }).click();
  await admin.getByRole("alertdialog").getByRole("button", { name: "Confirm" }).click();
  await expect(rules).not.toContainText(name);
  await expect(mine).toHaveCount(0, { timeout: 30_000 });
  await adminContext.close();

  // A plain user sees no banner and no Alerts page.
  await page.goto("/console/alerts");
  await expect(page.getByTestId("alert-rules")).toHaveCount(0);
  await expect(page.getByTestId("alert-banner")).toHaveCount(0);
});
