import { expect, test } from "@playwright/test";
import { IMPROVING_FLOW, fillForecast, status } from "./helpers";

const RUN_ID = /run=([0-9a-f-]{36})/;
const succeeded = (page: import("@playwright/test").Page) =>
  expect(status(page)).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });

test.describe("what-if: edit and rerun", () => {
  test("edit and rerun", async ({ page }) => {
    // The origin: a forecast run from the form.
    await page.goto("/forecast");
    await fillForecast(page, {
      samples: IMPROVING_FLOW,
      backlog: "60",
      trials: "5000",
      seed: "7",
      startDate: "2026-01-05",
    });
    await page.getByRole("button", { name: "Run forecast" }).click();
    await expect(page).toHaveURL(RUN_ID);
    await succeeded(page);
    const origin = RUN_ID.exec(page.url())![1]!;

    // Its run page: Edit and rerun; it is no rerun itself.
    await page.goto(`/runs/${origin}`);
    await succeeded(page);
    await expect(page.getByTestId("rerun-of")).toHaveCount(0);
    await page.getByTestId("edit-and-rerun").click();
    await expect(page).toHaveURL(new RegExp(`/forecast\\?run=${origin}&tab=when&from=${origin}$`));

    // The form prefilled with the run's input; nothing changed yet.
    const backlog = page.getByLabel("Backlog", { exact: true });
    await expect(backlog).toHaveValue("60");
    await expect(page.getByLabel("Seed")).toHaveValue("7");
    const changes = page.getByTestId("rerun-changes");
    await expect(changes).toContainText(`Changes from run ${origin.slice(0, 8)}`);
    await expect(changes.getByTestId("rerun-no-changes")).toBeVisible();

    // Change the backlog: the change is listed, old → new, and only it.
    await backlog.fill("90");
    const change = changes.getByTestId("rerun-change");
    await expect(change).toHaveCount(1);
    await expect(change).toHaveAttribute("data-path", "backlog");
    await expect(change).toContainText("60");
    await expect(change).toContainText("90");
    await expect(changes.getByTestId("rerun-no-changes")).toHaveCount(0);

    // Submit: a new run, still linked to its origin in the URL.
    await page.getByRole("button", { name: "Run forecast" }).click();
    await expect(page).toHaveURL((url) => {
      const id = RUN_ID.exec(url.toString())?.[1];
      return !!id && id !== origin && url.searchParams.get("from") === origin;
    });
    const rerun = RUN_ID.exec(page.url())![1]!;
    await succeeded(page);

    // The new run's page: Rerun of <origin>, and Compare with origin.
    await page.goto(`/runs/${rerun}`);
    await succeeded(page);
    await expect(page.getByTestId("rerun-of")).toContainText(origin.slice(0, 8));
    await expect(page.getByTestId("origin-link")).toHaveAttribute("href", `/runs/${origin}`);
    await expect(page.getByTestId("compare-with-origin")).toHaveAttribute(
      "href",
      `/runs/compare?ids=${origin},${rerun}`,
    );
    await expect(page.getByTestId("edit-and-rerun")).toBeVisible();
    await expect(page.locator("body")).toContainText('"backlog": 90');

    // Compare with origin: the changed field, and the P85 moved later by the bigger backlog.
    await page.getByTestId("compare-with-origin").click();
    await expect(page).toHaveURL(new RegExp(`/runs/compare\\?ids=${origin},${rerun}$`));
    const rows = page.getByTestId("compare-input-row");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute("data-field", "backlog");
    const p85 = page.locator('[data-testid="compare-output-row"][data-key="periods.P85"]');
    const [a, b] = await Promise.all(["A", "B"].map((l) => p85.getByTestId(`compare-value-${l}`).innerText()));
    expect(Number(b)).toBeGreaterThan(Number(a));
    await expect(p85.getByTestId("compare-delta-B")).toHaveText(`+${Number(b) - Number(a)}`);
  });
});

test.describe("what-if: portfolio analysis", () => {
  // Not named "edit and rerun": `-g "edit and rerun"` runs the forecast test alone.
  test("rerun of a portfolio analysis with another range", async ({ page }) => {
    test.setTimeout(240_000);
    // Demo assets, and a portfolio of two of them.
    await page.goto("/assets");
    await page.getByRole("button", { name: "Add demo assets" }).click();
    await expect(page).toHaveURL(RUN_ID);
    await succeeded(page);
    await page.goto("/portfolios");
    await page.getByTestId("portfolio-name").fill(`What-if ${Date.now()}`);
    await page.getByRole("button", { name: "Create portfolio" }).click();
    await expect(page).toHaveURL(/\/portfolios\/[0-9a-f-]{36}/);
    const portfolio = /\/portfolios\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const editor = page.getByTestId("holdings-editor");
    for (const [i, ticker] of ["PETR4", "VALE3"].entries()) {
      if ((await editor.getByTestId("holding-row").count()) <= i)
        await editor.getByRole("button", { name: "Add asset" }).click();
      await editor.getByTestId("holding-row").nth(i).getByTestId("holding-ticker").fill(ticker);
      await editor.getByTestId("holding-row").nth(i).getByTestId("holding-weight").fill("50");
    }
    await editor.getByTestId("save-holdings").click();
    await expect(editor.getByTestId("holdings-error")).toHaveCount(0);
    await page.getByTestId("run-analysis").click();
    await expect(page).toHaveURL(RUN_ID);
    await succeeded(page);
    const origin = RUN_ID.exec(page.url())![1]!;

    // Edit and rerun from the run page: the portfolio's page, its range from the run, no change yet.
    await page.goto(`/runs/${origin}`);
    await page.getByTestId("edit-and-rerun").click();
    await expect(page).toHaveURL(new RegExp(`/portfolios/${portfolio}\\?run=${origin}&from=${origin}$`));
    const card = page.getByTestId("analysis-card");
    const range = card.getByRole("combobox", { name: "History" });
    await expect(range).toHaveValue("2y");
    await expect(card.getByTestId("rerun-no-changes")).toBeVisible();
    await range.selectOption("1y");
    const change = card.getByTestId("rerun-change");
    await expect(change).toHaveCount(1);
    await expect(change).toHaveAttribute("data-path", "range");
    await expect(change).toContainText("2y → 1y");

    await page.getByTestId("run-analysis").click();
    await expect(page).toHaveURL((url) => {
      const id = RUN_ID.exec(url.toString())?.[1];
      return !!id && id !== origin && url.searchParams.get("from") === origin;
    });
    const rerun = RUN_ID.exec(page.url())![1]!;
    await succeeded(page);
    await page.goto(`/runs/${rerun}`);
    await expect(page.getByTestId("origin-link")).toHaveAttribute("href", `/runs/${origin}`);
    await expect(page.getByTestId("compare-with-origin")).toHaveAttribute(
      "href",
      `/runs/compare?ids=${origin},${rerun}`,
    );
    await expect(page.locator("body")).toContainText('"range": "1y"');
  });
});

test.describe("what-if: ETo", () => {
  test("rerun of an ETo computation with another method", async ({ page }) => {
    const name = `What-if ${Date.now()}`;
    await page.goto("/eto");
    const locations = page.getByTestId("eto-locations");
    await locations.getByLabel("Name", { exact: true }).fill(name);
    await locations.getByLabel("Latitude (°)").fill("-22.72");
    await locations.getByLabel("Longitude (°)").fill("-47.63");
    await locations.getByLabel("Elevation (m)").fill("546");
    await locations.getByRole("button", { name: "Add location" }).click();
    await expect(page.getByTestId("locations-table").getByRole("row").filter({ hasText: name })).toBeVisible();
    const form = page.getByTestId("eto-form");
    await form.getByLabel("Location").selectOption({ label: name });
    await form.getByRole("button", { name: "Compute ETo" }).click();
    await expect(page).toHaveURL(RUN_ID);
    await succeeded(page);
    const origin = RUN_ID.exec(page.url())![1]!;

    await page.goto(`/runs/${origin}`);
    await page.getByTestId("edit-and-rerun").click();
    await expect(page).toHaveURL(new RegExp(`/eto\\?run=${origin}&from=${origin}$`));
    await expect(form.getByLabel("Location")).toHaveValue(/[0-9a-f-]{36}/);
    await expect(form.getByTestId("rerun-no-changes")).toBeVisible();
    await form.getByLabel("Method").selectOption("asce");
    const change = form.getByTestId("rerun-change");
    await expect(change).toHaveCount(1);
    await expect(change).toHaveAttribute("data-path", "method");
    await expect(change).toContainText("fao56 → asce");

    await form.getByRole("button", { name: "Compute ETo" }).click();
    await expect(page).toHaveURL((url) => {
      const id = RUN_ID.exec(url.toString())?.[1];
      return !!id && id !== origin && url.searchParams.get("from") === origin;
    });
    const rerun = RUN_ID.exec(page.url())![1]!;
    await succeeded(page);
    await page.goto(`/runs/${rerun}`);
    await expect(page.getByTestId("origin-link")).toHaveAttribute("href", `/runs/${origin}`);
    await expect(page.getByTestId("compare-with-origin")).toHaveAttribute(
      "href",
      `/runs/compare?ids=${origin},${rerun}`,
    );
  });
});
