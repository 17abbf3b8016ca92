import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { status, watchProgress } from "./helpers";

/**
 * The ETo dashboard against the weather replay server that e2e/serve.ts starts on 127.0.0.1 (the
 * sources' *_URL point at it): add a location, compute last month, watch it, read it, download it.
 */

/** A chart drawn (echarts renders SVG inside the figure). */
const chart = (page: Page, id: string) => page.getByTestId(id).locator("svg").first();
/** "3.45 mm/d" → 3.45 (English formatting). */
const mm = async (page: Page, id: string) =>
  Number(/([\d.,]+)\s*mm/.exec((await page.getByTestId(id).textContent()) ?? "")?.[1]?.replace(/,/g, "") ?? NaN);

/** The previous full calendar month in the browser's time zone, as the form's default. */
const lastMonthInBrowser = (page: Page) =>
  page.evaluate(() => {
    const now = new Date();
    const first = new Date(now.getFullYear(), now.getMonth() - 1, 1);
    const last = new Date(now.getFullYear(), now.getMonth(), 0);
    const iso = (d: Date) =>
      `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
    return { start: iso(first), end: iso(last), days: last.getDate() };
  });

test("ETo: add a location, compute last month against the replay server, see the chart, download the CSV", async ({
  page,
}) => {
  const name = `Piracicaba ${Date.now()}`;
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "ETo", exact: true }).click();
  await expect(page).toHaveURL(/\/eto$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Reference evapotranspiration (ETo)");

  // A latitude outside ±90 is refused beside its field, naming the field and the limit.
  const locations = page.getByTestId("eto-locations");
  await locations.getByLabel("Name", { exact: true }).fill(name);
  await locations.getByLabel("Latitude (°)").fill("-92.72");
  await locations.getByLabel("Longitude (°)").fill("-47.63");
  await locations.getByLabel("Elevation (m)").fill("546");
  await locations.getByRole("button", { name: "Add location" }).click();
  await expect(locations.getByLabel("Latitude (°)")).toHaveAttribute("aria-invalid", "true");
  await expect(locations.getByText("latitude must be within -90..90 °")).toBeVisible();

  await locations.getByLabel("Latitude (°)").fill("-22.72");
  await locations.getByRole("button", { name: "Add location" }).click();
  const row = page.getByTestId("locations-table").getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("-22.72");
  await expect(row).toContainText("546 m");
  await expect(row).toContainText("entered");

  // The compute form: the new location, last month by default, the past-days sources preselected.
  const form = page.getByTestId("eto-form");
  await expect(form.getByLabel("Location")).toHaveValue(/[0-9a-f-]{36}/);
  await form.getByLabel("Location").selectOption({ label: name });
  const month = await lastMonthInBrowser(page);
  await expect(form.getByLabel("Start date")).toHaveValue(month.start);
  await expect(form.getByLabel("End date")).toHaveValue(month.end);
  await expect(form.getByRole("checkbox", { name: /NASA POWER/ })).toBeChecked();
  await expect(form.getByRole("checkbox", { name: /Open-Meteo archive/ })).toBeChecked();
  await expect(form.getByRole("checkbox", { name: /MET Norway/ })).not.toBeChecked();

  // End before start, then a range too long: refused beside "End date", nothing started.
  await form.getByLabel("Start date").fill(month.end);
  await form.getByLabel("End date").fill(month.start);
  await form.getByRole("button", { name: "Compute ETo" }).click();
  await expect(form.getByText(`end ${month.start} is before start ${month.end}`)).toBeVisible();
  await expect(form.getByLabel("End date")).toHaveAttribute("aria-invalid", "true");
  await form.getByLabel("Start date").fill("2020-01-01");
  await form.getByLabel("End date").fill(month.end);
  await expect(form.getByText(/spans \d+ days; at most 366 days per run/)).toBeVisible();
  await expect(page).toHaveURL(/\/eto$/);

  // Last month, computed live.
  await form.getByLabel("Start date").fill(month.start);
  await expect(form.getByText(/days per run/)).toHaveCount(0);
  await form.getByRole("button", { name: "Compute ETo" }).click();
  await expect(page).toHaveURL(/\/eto\?run=[0-9a-f-]{36}/);
  const seen = await watchProgress(page, 60_000);
  expect(await status(page).getAttribute("data-status")).toBe("succeeded");
  expect(seen[seen.length - 1]).toBe(100);
  for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);

  // The result: charts drawn, plausible numbers for São Paulo state, one provenance row per day.
  const result = page.getByTestId("eto-result");
  await expect(chart(page, "eto-chart")).toBeVisible();
  await expect(chart(page, "eto-inputs-chart")).toBeVisible();
  await expect(page.getByTestId("eto-days-count")).toContainText(String(month.days));
  const mean = await mm(page, "eto-mean");
  expect(mean).toBeGreaterThan(1.5);
  expect(mean).toBeLessThan(8);
  const [min, max, total] = [await mm(page, "eto-min"), await mm(page, "eto-max"), await mm(page, "eto-total")];
  expect(min).toBeGreaterThan(0);
  expect(min).toBeLessThanOrEqual(mean);
  expect(max).toBeGreaterThanOrEqual(mean);
  expect(Math.abs(total - mean * month.days)).toBeLessThan(month.days * 0.01 + 0.2);
  await expect(page.getByTestId("eto-sources-used")).toContainText("NASA POWER");
  await expect(page.getByTestId("eto-sources-used")).toContainText("Open-Meteo archive");
  await expect(page.getByTestId("eto-comparison")).toContainText(/Over \d+ days: mean difference/);
  const days = result.getByTestId("eto-day");
  await expect(days).toHaveCount(month.days);
  await expect(days.first()).toContainText(month.start);
  await expect(days.first().getByTestId("day-sources")).toContainText("NASA POWER");
  await expect(days.first().getByTestId("day-sources")).toContainText("Open-Meteo archive");

  // Download CSV: a header and one row per day.
  const downloading = page.waitForEvent("download");
  await page.getByTestId("download-csv").click();
  const download = await downloading;
  const csv = await readFile((await download.path())!, "utf8");
  const lines = csv.trim().split("\n");
  expect(lines[0]).toMatch(/^date,eto_mm,reference_eto_mm,tmax_c,/);
  expect(lines).toHaveLength(month.days + 1);
  expect(lines[1]).toMatch(new RegExp(`^${month.start},\\d+(\\.\\d+)?,`));

  // Reload-safe: the run and its result come back from ?run=.
  await page.reload();
  await expect(status(page)).toHaveAttribute("data-status", "succeeded");
  await expect(page.getByTestId("eto-result").getByTestId("eto-day")).toHaveCount(month.days);
  await expect(page.getByTestId("eto-form").getByLabel("Start date")).toHaveValue(month.start);

  // The run page draws the same result.
  const runId = new URL(page.url()).searchParams.get("run")!;
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("eto-result").getByTestId("eto-day")).toHaveCount(month.days);
  await expect(chart(page, "eto-chart")).toBeVisible();

  // In Portuguese: decimal commas and dd/mm/aaaa days.
  // (a cookie set for the origin: one set with the page URL would only cover /runs/.)
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "pt-BR", url: new URL(page.url()).origin }]);
  await page.goto(`/eto?run=${runId}`);
  await expect(page.getByTestId("eto-mean")).toContainText(/\d,\d{2} mm\/d/);
  const [y, m] = month.start.split("-");
  await expect(page.getByTestId("eto-day").first()).toContainText(`01/${m}/${y}`);
  await expect(page.getByRole("link", { name: /Baixar CSV/ })).toBeVisible();
});

test("ETo locations: elevation looked up when left empty, edited, deleted", async ({ page }) => {
  const name = `Campinas ${Date.now()}`;
  await page.goto("/eto");
  const locations = page.getByTestId("eto-locations");
  await locations.getByLabel("Name", { exact: true }).fill(name);
  await locations.getByLabel("Latitude (°)").fill("-22.91");
  await locations.getByLabel("Longitude (°)").fill("-47.06");
  await locations.getByLabel("Time zone (optional)").fill("America/Sao_Paulo");
  await locations.getByRole("button", { name: "Add location" }).click();
  const row = page.getByTestId("locations-table").getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("looked up");
  await expect(row).toContainText(/\d+ m/);
  await expect(row).toContainText("America/Sao_Paulo");

  await row.getByRole("button", { name: "Edit" }).click();
  await expect(locations.getByRole("heading", { name: `Edit “${name}”` })).toBeVisible();
  await locations.getByLabel("Name", { exact: true }).fill(`${name} (edited)`);
  await locations.getByRole("button", { name: "Save" }).click();
  const edited = page
    .getByTestId("locations-table")
    .getByRole("row")
    .filter({ hasText: `${name} (edited)` });
  await expect(edited).toContainText("looked up");

  page.once("dialog", (d) => void d.accept());
  await edited.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId("locations-table").getByRole("row").filter({ hasText: name })).toHaveCount(0);
});

test("ETo in Portuguese: nav and page labels", async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: "NEXT_LOCALE", value: "pt-BR", url: baseURL! }]);
  await page.goto("/eto");
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Evapotranspiração" }),
  ).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Evapotranspiração de referência (ETo)");
  await expect(page.getByRole("button", { name: "Calcular ETo" })).toBeVisible();
  await expect(page.getByLabel("Altitude (m)")).toBeVisible();
});
