import { expect, test } from "@playwright/test";

test("a workflow's tree of steps fills in live on its run page, and its parent bar reaches 100 %", async ({ page }) => {
  await page.goto("/runs");
  const csrf = await page.locator('meta[name="csrf-token"]').getAttribute("content");
  // A group of three forecasts of different sizes, started through the HTTP API with the page's session.
  const res = await page.request.post("/api/v1/workflows", {
    headers: { "x-csrf-token": csrf!, origin: new URL(page.url()).origin },
    data: {
      kind: "group",
      name: "three scenarios",
      steps: [100, 200, 300].map((backlog, i) => ({
        task: "forecast.when",
        input: { samples: [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2], backlog, trials: 3_000_000, seed: 40 + i },
      })),
    },
  });
  expect(res.status(), await res.text()).toBe(202);
  const { runId } = (await res.json()) as { runId: string };

  await page.goto(`/runs/${runId}`);
  const tree = page.getByTestId("workflow-tree");
  await expect(tree.getByTestId("step-0")).toBeVisible();
  await expect(tree.getByTestId("step-2")).toContainText("forecast.when");
  // Steps move while we watch, then all succeed; the parent's own bar follows them to 100 %.
  const bar = page.getByTestId("run-panel").getByRole("progressbar");
  const seen = new Set<number>();
  for (let i = 0; i < 400; i++) {
    const v = Number(await bar.getAttribute("aria-valuenow"));
    if (!Number.isNaN(v)) seen.add(v);
    if ((await page.getByTestId("run-panel").getByTestId("run-status").getAttribute("data-status")) === "succeeded")
      break;
    await page.waitForTimeout(50);
  }
  await expect(page.getByTestId("run-panel").getByTestId("run-status")).toHaveAttribute("data-status", "succeeded", {
    timeout: 30_000,
  });
  for (const s of [0, 1, 2])
    await expect(tree.getByTestId(`step-status-${s}`)).toHaveAttribute("data-status", "succeeded");
  await expect(bar).toHaveAttribute("aria-valuenow", "100");
  expect(
    [...seen].some((v) => v > 0 && v < 100),
    `parent progress values seen: ${[...seen].join(",")}`,
  ).toBe(true);

  // A step's page leads back to its workflow.
  await tree.getByTestId("step-1").getByRole("link").click();
  await page.getByTestId("parent-link").click();
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}`));
});
