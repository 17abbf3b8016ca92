import { expect, test, type Page } from "@playwright/test";
import { IMPROVING_FLOW, LONG_RUN, bar, fillForecast, progressValue, status, watchProgress } from "./helpers";

/** A chart drawn (echarts renders SVG in the figure). */
const chart = (page: Page, id: string) => page.getByTestId(id).locator("svg").first();
const succeeded = (page: Page, timeout = 60_000) =>
  expect(status(page)).toHaveAttribute("data-status", "succeeded", { timeout });
/** The "N" of a card reading "… at least N items". */
async function atLeast(page: Page, level: string): Promise<number> {
  const text = (await page.getByTestId(`percentile-${level}`).textContent()) ?? "";
  return Number(/at least ([\d,]+) items/.exec(text)?.[1]?.replace(/,/g, "") ?? NaN);
}

test.describe("forecast: when will it be done?", () => {
  test("submits, shows the bar moving live to 100 %, then the percentiles", async ({ page }) => {
    // A run long enough to watch (IMPROVING_FLOW against 800 items: ~2·10^9 simulated weeks, seconds):
    // the reference case below finishes in a fraction of a second on a fast machine, between two looks.
    await page.goto("/forecast");
    await fillForecast(page, { samples: IMPROVING_FLOW, backlog: "800", trials: "10000000", seed: "42" });
    await page.getByRole("button", { name: "Run forecast" }).click();
    await expect(page).toHaveURL(/\/forecast\?run=[0-9a-f-]{36}/);
    await expect(bar(page)).toBeVisible();
    const seen = await watchProgress(page);
    expect(await status(page).getAttribute("data-status")).toBe("succeeded");
    expect(
      seen.some((v) => v > 0 && v < 100),
      `intermediate values seen: ${seen.join(",")}`,
    ).toBe(true);
    expect(seen[seen.length - 1]).toBe(100);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    await expect(page.getByTestId("percentile-85")).toBeVisible();

    // The published reference case: A-P2 (improvingflow data, B=100): P85 = 30 weeks, P95 = 33 (exact).
    await page.goto("/forecast");
    await fillForecast(page, {
      samples: IMPROVING_FLOW,
      backlog: "100",
      trials: "10000000",
      seed: "42",
      startDate: "2024-01-01",
    });
    await page.getByRole("button", { name: "Run forecast" }).click();
    await expect(page).toHaveURL(/\/forecast\?run=[0-9a-f-]{36}/);
    await succeeded(page);
    await expect(bar(page)).toHaveAttribute("aria-valuenow", "100");
    // start Mon 2024-01-01.
    const p85 = page.getByTestId("percentile-85");
    await expect(p85).toContainText("30");
    await expect(p85).toContainText("2024-07-29");
    await expect(page.getByTestId("percentile-95")).toContainText("33");
  });

  test("cancels a running forecast: it stops and says cancelled", async ({ page }) => {
    await page.goto("/forecast");
    await fillForecast(page, { ...LONG_RUN, seed: "1" });
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

  test("the percentiles fill in live with their intervals; cancel keeps a labelled partial result", async ({
    page,
  }) => {
    await page.goto("/forecast");
    await fillForecast(page, { ...LONG_RUN, seed: "3" });
    await page.getByRole("button", { name: "Run forecast" }).click();
    const p85 = page.getByTestId("partial-percentile-85");
    await expect(p85).toBeVisible({ timeout: 20_000 });
    await expect(p85).toHaveText(/^P85: .+ \(.+–.+\)$/);
    await expect(chart(page, "partial-chart-cdf")).toBeVisible(); // the CDF of the trials so far
    const done = page.getByTestId("partial-done");
    const width = async () =>
      Number(await p85.getAttribute("data-upper")) - Number(await p85.getAttribute("data-lower"));
    const first = { text: await done.textContent(), width: await width() };
    expect(first.text).toMatch(/of 10M trials so far/);
    // It changes while the run goes: more trials, and an interval no wider than at first.
    await expect.poll(async () => await done.textContent(), { timeout: 20_000 }).not.toBe(first.text);
    expect(await width()).toBeLessThanOrEqual(first.width);

    await page.getByTestId("run-panel").getByRole("button", { name: "Cancel" }).click();
    await expect(status(page)).toHaveAttribute("data-status", "cancelled", { timeout: 5_000 });
    const kept = page.getByTestId("partial-result");
    await expect(kept).toHaveAttribute("data-final", "true");
    await expect(kept.getByTestId("partial-done")).toHaveText(/^Cancelled after [\d.]+[KM]? of 10M trials$/);
    await expect(kept).toContainText("Not the full result");
    await expect(kept.getByTestId("partial-percentile-85")).toBeVisible();

    // The run page shows it too, after a reload (from the API's `partial`).
    await page.goto(`/runs/${new URL(page.url()).searchParams.get("run")}`);
    await expect(page.getByTestId("partial-result").getByTestId("partial-done")).toHaveText(/^Cancelled after /);
    await expect(page.getByTestId("partial-result").getByTestId("partial-percentile-85")).toBeVisible();
  });

  test("a reload mid-run resumes the live progress where it was", async ({ page }) => {
    await page.goto("/forecast");
    await fillForecast(page, { ...LONG_RUN, seed: "2" });
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
    await fillForecast(page, { samples: "1, 3, x", backlog: "-4", trials: "2000000000" });
    await page.getByRole("button", { name: "Run forecast" }).click();
    const samples = page.getByLabel("Throughput samples");
    await expect(samples).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("“x” is not a number")).toBeVisible();
    await expect(page.getByLabel("Backlog", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText(/backlog must be at least 0/)).toBeVisible();
    await expect(page.getByText(/trials must be at most 1,000,000,000/)).toBeVisible();
    await expect(page.getByTestId("run-panel")).toHaveCount(0);
    expect(page.url()).not.toContain("run=");
  });
});

test.describe("forecast: every tab", () => {
  test("When: advanced options are folded until opened; risks and split rates run; the charts and the gauge are drawn", async ({
    page,
  }) => {
    await page.goto("/forecast");
    await expect(page.getByRole("link", { name: "When", exact: true })).toHaveAttribute("aria-current", "page");
    await fillForecast(page, {
      samples: "2 3 4\n5; 6",
      backlog: "40",
      trials: "5000",
      seed: "7",
      startDate: "2024-01-01",
    });
    await page.getByLabel("Deadline").fill("2024-04-01");
    const advanced = page.getByTestId("advanced");
    await expect(advanced.getByLabel("Split rates")).toBeHidden();
    await advanced.getByText(/^Advanced/).click();
    await expect(advanced.getByLabel("Split rates")).toBeVisible();
    await advanced.getByLabel("Split rates").fill("1, 1.25");
    await advanced.getByRole("button", { name: "Add a risk" }).click();
    await advanced.getByLabel("Likelihood % (risk 1)").fill("50");
    const risk = page.getByTestId("risk-0");
    await risk.getByLabel("Low").fill("2");
    await risk.getByLabel("Most likely").fill("4");
    await risk.getByLabel("High").fill("10");
    await page.getByRole("button", { name: "Run forecast" }).click();
    await expect(page).toHaveURL(/\?run=[0-9a-f-]{36}&tab=when/);
    await succeeded(page);
    await expect(page.getByTestId("percentile-85")).toContainText(/85 % chance done by 2024-\d\d-\d\d/);
    for (const id of ["chart-histogram", "chart-cdf", "chart-burnup", "chart-gauge"])
      await expect(chart(page, id)).toBeVisible();
    await expect(page.getByTestId("risk-summary")).toContainText("Risk 1");
    await expect(page.getByTestId("download-csv")).toHaveAttribute(
      "href",
      /\/api\/v1\/runs\/[0-9a-f-]{36}\/result\.csv$/,
    );

    // A reload restores the form, the advanced options open because they are set.
    await page.reload();
    await expect(page.getByTestId("advanced")).toHaveAttribute("open", "");
    await expect(page.getByLabel("Likelihood % (risk 1)")).toHaveValue("50");
    await expect(page.getByLabel("Split rates")).toHaveValue("1, 1.25");
  });

  test("How many: lower-tail cards (“85 % chance of at least N items”), fewer items at higher confidence; the run page shows them too", async ({
    page,
  }) => {
    await page.goto("/forecast");
    await page.getByRole("link", { name: "How many", exact: true }).click();
    await expect(page).toHaveURL(/tab=howMany/);
    await page.getByLabel("Throughput samples").fill(IMPROVING_FLOW);
    await page.getByLabel("Periods", { exact: true }).fill("10");
    await page.getByLabel("Trials").fill("20000");
    await page.getByLabel("Seed").fill("3");
    await page.getByRole("button", { name: "Run forecast" }).click();
    await expect(page).toHaveURL(/\/forecast\?run=[0-9a-f-]{36}/);
    await succeeded(page);
    // A-P2b (exact): 50 % ≥ 38, 85 % ≥ 30, 95 % ≥ 25 — Monte Carlo within one item.
    await expect(page.getByTestId("percentile-85")).toContainText(/85 % chance of at least \d+ items/);
    const [p50, p85, p95] = [await atLeast(page, "50"), await atLeast(page, "85"), await atLeast(page, "95")];
    expect(Math.abs(p85 - 30)).toBeLessThanOrEqual(1);
    expect(p50).toBeGreaterThan(p85);
    expect(p85).toBeGreaterThan(p95);
    await expect(chart(page, "chart-howmany-histogram")).toBeVisible();

    await page.getByRole("link", { name: /Open the run page/ }).click();
    await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("percentile-85")).toContainText("85 % chance of at least");
  });

  test("Backtest: calibration chart with its diagonal, coverage per level, accuracy", async ({ page }) => {
    await page.goto("/forecast?tab=backtest");
    const history = Array.from({ length: 40 }, (_, i) => [3, 5, 2, 6, 4, 1, 5, 3][i % 8]).join(" ");
    await page.getByLabel("Throughput history").fill(history);
    await page.getByLabel("Backlog to forecast").fill("20");
    await page.getByLabel("Trials").fill("500");
    await page.getByLabel("Seed").fill("11");
    await page.getByRole("button", { name: "Run forecast" }).click();
    await expect(page).toHaveURL(/\/forecast\?run=[0-9a-f-]{36}/);
    await succeeded(page);
    await expect(chart(page, "chart-calibration")).toBeVisible();
    await expect(page.getByTestId("chart-calibration")).toContainText("Calibration");
    await expect(page.getByTestId("coverage-85")).toContainText(/\d+ of \d+/);
    await expect(page.getByTestId("coverage")).toContainText("MAPE");
  });

  test("Cut line: features in priority order, dates and which fit by the deadline; messages name the field", async ({
    page,
  }) => {
    await page.goto("/forecast?tab=cutLine");
    await page.getByLabel("Throughput samples").fill("2, 3, 4, 5, 6");
    await page.getByLabel("Feature 1", { exact: true }).fill("Login");
    await page.getByLabel("Size 1", { exact: true }).fill("10");
    await page.getByLabel("Feature 2", { exact: true }).fill("");
    await page.getByLabel("Size 2", { exact: true }).fill("15-5");
    await page.getByLabel("Start date").fill("2024-01-01");
    await page.getByLabel("Deadline").fill("2024-03-01");
    await page.getByRole("button", { name: "Run forecast" }).click();
    await expect(page.getByText("each feature name must not be empty")).toBeVisible();
    await expect(page.getByText("feature size.min must be at most feature size.max")).toBeVisible();
    await expect(page.getByLabel("Size 2", { exact: true })).toHaveAttribute("aria-invalid", "true");
    expect(page.url()).not.toContain("run=");

    await page.getByLabel("Feature 2", { exact: true }).fill("Reports");
    await page.getByLabel("Size 2", { exact: true }).fill("15–25");
    await page.getByRole("button", { name: "Add a feature" }).click();
    await page.getByLabel("Feature 3", { exact: true }).fill("Billing");
    await page.getByLabel("Size 3", { exact: true }).fill("40");
    await page.getByRole("button", { name: "Run forecast" }).click();
    await expect(page).toHaveURL(/\/forecast\?run=[0-9a-f-]{36}/);
    await succeeded(page);
    const table = page.getByTestId("cut-line");
    await expect(table.getByTestId("feature-0")).toContainText("✓");
    await expect(table.getByTestId("feature-2")).toContainText("✗");
    await expect(table.getByTestId("cut-line-marker")).toBeVisible();
    await expect(chart(page, "chart-cutline")).toBeVisible();
  });

  test("Deadline risk in Portuguese: the gauge, “pelo menos” cards and the trend in plain words", async ({
    page,
    context,
    baseURL,
  }) => {
    await context.addCookies([{ name: "NEXT_LOCALE", value: "pt-BR", url: baseURL! }]);
    await page.goto("/forecast?tab=deadline");
    await expect(page.getByRole("link", { name: "Risco de prazo", exact: true })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await page.getByLabel("Amostras de vazão").fill("2 3 2 4 3 5 4 6 5 7 6 8");
    await page.getByLabel("Backlog", { exact: true }).fill("40");
    await page.getByLabel("Data de início").fill("2024-01-01");
    await page.getByRole("textbox", { name: "Prazo" }).fill("2024-03-04");
    await page.getByLabel("Tendência").selectOption("recent");
    await page.getByLabel("Meia-vida (períodos)").fill("6");
    await page.getByLabel("Simulações").fill("5000");
    await page.getByRole("button", { name: "Executar previsão" }).click();
    await succeeded(page);
    await expect(chart(page, "chart-gauge")).toBeVisible();
    await expect(page.getByTestId("percentile-85")).toContainText(
      /85% de chance de pelo menos \d+ ite(m|ns) até 04\/03\/2024/,
    );
    const trend = page.getByTestId("trend-explanation");
    await expect(trend).toContainText("Semanas recentes pesam mais: uma semana de 6 semanas atrás conta metade.");
    await expect(trend).toContainText(/Média recente [\d,]+\/sem\. vs [\d,]+ no geral\./);
  });

  test("?project= prefills the form from the project and saves a succeeded forecast to it", async ({ page }) => {
    await page.goto("/forecast");
    const csrf = await page.locator('meta[name="csrf-token"]').getAttribute("content");
    const call = (path: string, input: unknown) =>
      page.evaluate(
        async ([p, body, token]) => {
          const r = await fetch(`/api/trpc/${p}`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-csrf-token": token ?? "" },
            body,
          });
          return (await r.json()) as { result?: { data?: { id?: string } }; error?: unknown };
        },
        [path, JSON.stringify(input), csrf] as const,
      );
    const created = await call("projects.create", { name: `E2E forecast ${Date.now()}`, periodDays: 7, backlog: 40 });
    const id = created.result?.data?.id;
    expect(id, JSON.stringify(created)).toBeTruthy();
    const rows = [2, 3, 4, 5, 6].map((count, i) => ({
      periodStart: `2024-01-${String(1 + 7 * i).padStart(2, "0")}`,
      count,
    }));
    expect((await call("projects.setHistory", { id, rows })).error).toBeUndefined();

    await page.goto(`/forecast?project=${id}`);
    await expect(page.getByTestId("project-banner")).toContainText("5 periods of history");
    await expect(page.getByLabel("Throughput samples")).toHaveValue("2, 3, 4, 5, 6");
    await expect(page.getByLabel("Backlog", { exact: true })).toHaveValue("40");
    await page.getByLabel("Trials").fill("2000");
    await page.getByRole("button", { name: "Run forecast" }).click();
    await expect(page).toHaveURL(new RegExp(`project=${id}`));
    await succeeded(page);
    await page.getByTestId("save-to-project").click();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByTestId("saved-to-project")).toContainText("Saved to");
  });
});
