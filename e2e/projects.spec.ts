import { expect, test, type Page } from "@playwright/test";
import { status } from "./helpers";

/** A chart drawn (echarts renders SVG inside the figure). */
const chart = (page: Page, id: string) => page.getByTestId(id).locator("svg").first();

test("a project: import a history CSV → forecast from it → save → add actuals → see forecast vs actual", async ({
  page,
}) => {
  const name = `Checkout ${Date.now()}`;

  // Create the project.
  await page.goto("/projects");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Backlog", { exact: true }).fill("30");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
  const projectUrl = page.url();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.getByTestId("project-settings")).toContainText("30 items left");

  // Import completion dates (dd/mm/yyyy, `;`, a header, quoted values, one open item without a date).
  await page.getByLabel("CSV file", { exact: true }).setInputFiles("e2e/fixtures/project-completions.csv");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const result = page.getByTestId("import-result");
  await expect(result).toContainText(
    "Imported 37 lines of completion dates into 10 periods; the history has 10 periods.",
  );
  await expect(result).toContainText("1 line without a date skipped (first: line 14).");
  await expect(result).toContainText("1 period without finished items counted as 0.");
  await expect(page.getByTestId("history-summary")).toHaveText(
    "10 periods from Jan 6, 2025 to Mar 10, 2025 · 37 items · 3.7 per week on average",
  );
  await expect(chart(page, "throughput-chart")).toBeVisible();

  // The history comes back out as CSV.
  const exported = await page.request.get(`${projectUrl.replace("/projects/", "/api/v1/projects/")}/history.csv`);
  expect(exported.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(await exported.text()).toMatch(
    /^period_start,count\n2025-01-06,3\n2025-01-13,5\n2025-01-20,4\n2025-01-27,0\n/,
  );

  // Forecast from the project: the forecast page is prefilled from it.
  await page.getByRole("link", { name: "When will it be done?" }).click();
  await expect(page).toHaveURL(/\/forecast\?project=[0-9a-f-]{36}&tab=when/);
  await expect(page.getByTestId("project-banner")).toContainText(name);
  await expect(page.getByLabel("Throughput samples")).toHaveValue("3, 5, 4, 0, 6, 2, 5, 4, 3, 5");
  await expect(page.getByLabel("Backlog", { exact: true })).toHaveValue("30");
  await page.getByLabel("Trials").fill("20000");
  await page.getByLabel("Seed").fill("7");
  await page.getByLabel("Start date").fill("2025-03-17");
  await page.getByRole("button", { name: "Run forecast" }).click();
  await expect(status(page)).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });

  // Save it to the project, with a label.
  await page.getByRole("button", { name: `Save to project ${name}` }).click();
  await page.getByLabel("Label (optional)").fill("kick-off");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("saved-to-project")).toContainText(`Saved to ${name}.`);
  await page.getByRole("link", { name: "Open the project" }).click();
  await expect(page).toHaveURL(projectUrl);

  const saved = page.getByTestId("saved-forecasts").getByRole("row").filter({ hasText: "kick-off" });
  await expect(saved).toContainText("When will it be done?");
  await expect(saved).toContainText(/P50 \w{3} \d{1,2}, 2025 · P85 \w{3} \d{1,2}, 2025/);
  const csvHref = await saved.getByRole("link", { name: "CSV" }).getAttribute("href");
  const csv = await (await page.request.get(csvHref!)).text();
  expect(csv).toContain("percentile,periods,date\n50,");

  // Record actuals: part done, then finished.
  const addActual = async (date: string, completed: string, remaining: string) => {
    await page.getByLabel("Date", { exact: true }).fill(date);
    await page.getByLabel("Completed", { exact: true }).fill(completed);
    await page.getByLabel("Remaining", { exact: true }).fill(remaining);
    await page.getByRole("button", { name: "Add actual" }).click();
    await expect(page.getByTestId("actuals-table")).toContainText(remaining === "0" ? "Apr 28, 2025" : "Mar 31, 2025");
  };
  await addActual("2025-03-31", "12", "18");
  await addActual("2025-04-28", "18", "0");
  await expect(page.getByTestId("actuals-table").getByRole("row")).toHaveCount(3);
  await expect(page.getByTestId("actual-completion")).toHaveText("Actually finished on Apr 28, 2025.");

  // Forecast vs actual: the chart, its table with the saved forecast's dates, and the burn-up.
  await expect(chart(page, "convergence-chart")).toBeVisible();
  await expect(page.getByTestId("convergence-chart")).toContainText("Actual: Apr 28, 2025");
  const point = page.getByTestId("convergence-table").getByRole("row").filter({ hasText: "kick-off" });
  await expect(point.getByRole("cell")).toHaveCount(4);
  await expect(point).toContainText(/2025.*2025.*2025/);
  await expect(chart(page, "burnup-chart")).toBeVisible();

  // The saved forecast links to its run.
  await saved.getByRole("link", { name: /^Open the run of the forecast made on/ }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
});

test("refuses a CSV with a bad date, naming its line and column", async ({ page }) => {
  await page.goto("/projects");
  await page.getByLabel("Name").fill(`Bad file ${Date.now()}`);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
  await page.getByLabel("CSV file", { exact: true }).setInputFiles({
    name: "bad.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("date,count\n2025-01-06,3\n2025-02-30,4\n"),
  });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Not imported" })).toContainText(
    'line 3, column 1: "2025-02-30" is not a real calendar date',
  );
  // The paste box fills the history instead.
  await page.getByLabel("Items per period").fill("2 4 3");
  await page.getByLabel("First period starts on").fill("2025-01-06");
  await page.getByRole("button", { name: "Save history" }).click();
  await expect(page.getByTestId("history-summary")).toContainText(
    "3 periods from Jan 6, 2025 to Jan 20, 2025 · 9 items",
  );
});
