import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { holdWeather } from "./control";
import { status } from "./helpers";

/**
 * An ETo batch fills in on its run page, chunk by chunk; one place's weather is held back by the
 * replay server (e2e/serve.ts), so its chunk stays running until the batch is cancelled — which keeps
 * the places done, labelled, with the CSV of those rows.
 */
const point = (i: number) => ({ latitude: -7 - i * 0.41, longitude: -39.5, elevation: 400, name: `Sertão ${i + 1}` });

test("an ETo batch fills in live; cancelled, it keeps the places done, labelled, with their CSV", async ({ page }) => {
  const points = Array.from({ length: 6 }, (_, i) => point(i));
  await holdWeather(points[4]!.latitude); // chunk 3 of 3 (places 5 and 6) waits for it
  try {
    await page.goto("/runs");
    const csrf = await page.locator('meta[name="csrf-token"]').getAttribute("content");
    const res = await page.request.post("/api/v1/eto/batch", {
      headers: { "x-csrf-token": csrf!, origin: new URL(page.url()).origin },
      data: {
        points,
        start: "2024-05-01",
        end: "2024-05-07",
        sources: ["nasa-power", "open-meteo-archive"],
        chunkSize: 2,
      },
    });
    expect(res.status(), await res.text()).toBe(202);
    const { runId } = (await res.json()) as { runId: string };

    await page.goto(`/runs/${runId}`);
    const partial = page.getByTestId("partial-result");
    await expect(partial.getByTestId("partial-done")).toHaveText("4 of 6 locations so far", { timeout: 30_000 });
    await expect(status(page)).toHaveAttribute("data-status", "running");
    await expect(partial.getByTestId("batch-partial-row")).toHaveCount(4);
    await expect(partial.getByTestId("batch-partial-row").first()).toContainText("Sertão 1");
    await expect(partial.getByTestId("batch-partial-missing")).toHaveText("Still missing: 5–6");

    await page.getByTestId("run-panel").getByRole("button", { name: "Cancel" }).click();
    await expect(status(page)).toHaveAttribute("data-status", "cancelled", { timeout: 15_000 });
    await expect(partial.getByTestId("partial-done")).toHaveText("Cancelled after 4 of 6 locations");
    await expect(partial).toContainText("Not the full result");
    await expect(partial.getByTestId("batch-partial-row")).toHaveCount(4);
    await expect(partial.getByTestId("batch-partial-row").nth(3)).toContainText("Sertão 4");

    const downloading = page.waitForEvent("download");
    await partial.getByTestId("download-csv").click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^fluxo-eto-batch-[0-9a-f]{8}-partial\.csv$/);
    const lines = (await readFile((await download.path())!, "utf8")).trim().split("\n");
    expect(lines[0]).toBe("# partial result: cancelled after 4 of 6 locations");
    expect(lines[1]).toMatch(/^place,location_id,name,latitude,longitude,date,eto_mm,/);
    expect(lines).toHaveLength(2 + 4 * 7);
    expect(new Set(lines.slice(2).map((l) => l.split(",")[2]))).toEqual(
      new Set(["Sertão 1", "Sertão 2", "Sertão 3", "Sertão 4"]),
    );
  } finally {
    await holdWeather(null);
  }
});

test("a finished ETo batch links the CSV of every place", async ({ page }) => {
  await page.goto("/runs");
  const csrf = await page.locator('meta[name="csrf-token"]').getAttribute("content");
  const points = [point(10), point(11)];
  const res = await page.request.post("/api/v1/eto/batch", {
    headers: { "x-csrf-token": csrf!, origin: new URL(page.url()).origin },
    data: {
      points,
      start: "2024-05-01",
      end: "2024-05-07",
      sources: ["nasa-power", "open-meteo-archive"],
      chunkSize: 1,
    },
  });
  expect(res.status(), await res.text()).toBe(202);
  const { runId } = (await res.json()) as { runId: string };
  await page.goto(`/runs/${runId}`);
  await expect(status(page)).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
  await expect(page.getByTestId("partial-result")).toHaveCount(0);
  const downloading = page.waitForEvent("download");
  await page.getByTestId("download-csv").click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^fluxo-eto-batch-[0-9a-f]{8}\.csv$/);
  const lines = (await readFile((await download.path())!, "utf8")).trim().split("\n");
  expect(lines[0]).toMatch(/^place,location_id,name,/);
  expect(lines).toHaveLength(1 + 2 * 7);
});
