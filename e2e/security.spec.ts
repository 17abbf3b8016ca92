import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN_STATE, USER_EMAIL, signIn, signOut, signUp } from "./accounts";
import { LONG_RUN_JSON, fillForecast, status } from "./helpers";

// Starts signed out: this spec signs up and in itself.
test.use({ storageState: { cookies: [], origins: [] } });

const root = path.resolve(import.meta.dirname, "..");

// The CLI under test is the bundle of this checkout's sources.
test.beforeAll(() => {
  const b = spawnSync(process.execPath, [path.join(root, "scripts/build-cli.mjs")], { cwd: root, encoding: "utf8" });
  expect(b.status, b.stderr).toBe(0);
});

/** The real `fluxo` CLI against the running server, as its token's owner. */
function fluxo(baseURL: string, token: string, args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, "bin/fluxo.js"), ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 30_000,
    env: { ...process.env, FLUXO_URL: baseURL, FLUXO_TOKEN: token },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function runForecast(page: Page, seed: string): Promise<string> {
  await page.goto("/forecast");
  await fillForecast(page, { samples: "2, 4, 3, 5", backlog: "30", trials: "20000", seed });
  await page.getByRole("button", { name: "Run forecast" }).click();
  await expect(page).toHaveURL(/run=([0-9a-f-]{36})/);
  await expect(status(page)).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
  return new URL(page.url()).searchParams.get("run")!;
}

async function makeToken(page: Page, name: string): Promise<string> {
  await page.goto("/account");
  await page.getByLabel("Token name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^fxt_/);
  await expect(page.getByTestId("tokens-table")).toContainText(name);
  return token;
}

test("a run is its owner's alone — pages, CLI; an admin sees everyone's in the console", async ({
  page,
  browser,
  baseURL,
}) => {
  // Dora signs up, runs a forecast, makes a token, signs out.
  const dora = `dora.${Date.now()}@fluxo.test`;
  await signUp(page, { name: "Dora", email: dora });
  const doraRun = await runForecast(page, "11");
  const doraToken = await makeToken(page, "dora laptop");
  // Shown once: after a reload only the prefix is left.
  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  await expect(page.getByTestId("tokens-table")).toContainText(doraToken.slice(0, 10));
  await signOut(page);
  await page.goto(`/runs/${doraRun}`);
  await expect(page).toHaveURL(/\/sign-in\?next=/);

  // Bia signs in: none of Dora's work is visible to her, and asking for it by id finds nothing.
  await signIn(page, USER_EMAIL);
  await page.goto("/runs");
  await expect(page.getByTestId("runs-table")).toBeVisible();
  await expect(page.getByTestId(`run-row-${doraRun}`)).toHaveCount(0);
  await page.goto(`/runs/${doraRun}`);
  await expect(page.getByRole("main").getByRole("alert")).toContainText(/not found/i);
  const biaRun = await runForecast(page, "12");
  // Markup typed by a user is shown as text, never run.
  const hostile = `<img src=x onerror="window.__xss=1">'; DROP TABLE runs; --`;
  const biaToken = await makeToken(page, hostile);
  await expect(page.getByTestId("tokens-table").getByText(hostile)).toBeVisible();
  await expect(page.getByTestId("tokens-table").locator("img")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

  // The CLI sees exactly what the token's owner sees.
  const mine = fluxo(baseURL!, doraToken, ["runs", "get", doraRun]);
  expect(mine.code, mine.stderr).toBe(0);
  expect(JSON.parse(mine.stdout)).toMatchObject({ id: doraRun, status: "succeeded" });
  const theirs = fluxo(baseURL!, biaToken, ["runs", "get", doraRun]);
  expect(theirs.code).toBe(4);
  expect(theirs.stderr).toContain("not found");
  const cancel = fluxo(baseURL!, biaToken, ["runs", "cancel", doraRun]);
  expect(cancel.code).toBe(4);
  const bad = fluxo(baseURL!, "fxt_not-a-token", ["whoami"]);
  expect(bad.code).toBe(3);

  // The admin's console shows both runs, with their owners.
  const adminContext = await browser.newContext({ storageState: ADMIN_STATE });
  const admin = await adminContext.newPage();
  await admin.goto("/console/runs");
  await expect(admin.getByTestId(`run-owner-${doraRun}`)).toHaveText(dora);
  await expect(admin.getByTestId(`run-owner-${biaRun}`)).toHaveText(USER_EMAIL);
  await adminContext.close();

  // And a plain user cannot open the console at all.
  await page.goto("/console/runs");
  await expect(page.getByTestId(`run-owner-${doraRun}`)).toHaveCount(0);
  await expect(page.getByText(/not found|could not be found/i).first()).toBeVisible();
});

test("fluxo submit --wait follows a run to its result; Ctrl-C cancels the run it follows", async ({
  page,
  baseURL,
}) => {
  await signUp(page, { name: "Eva", email: `eva.${Date.now()}@fluxo.test` });
  const token = await makeToken(page, "eva cli");
  const dir = mkdtempSync(path.join(tmpdir(), "fluxo-e2e-"));
  const small = path.join(dir, "small.json");
  writeFileSync(
    small,
    JSON.stringify({ samples: [2, 3, 4, 5, 6], backlog: 40, trials: 20000, seed: 5, percentiles: [85] }),
  );
  const done = fluxo(baseURL!, token, ["submit", "forecast.when", "--input", small, "--wait"]);
  expect(done.code, done.stderr).toBe(0);
  expect(JSON.parse(done.stdout)).toMatchObject({ status: "succeeded", result: { percentiles: { "85": 12 } } });

  const big = path.join(dir, "big.json");
  writeFileSync(big, JSON.stringify({ ...LONG_RUN_JSON, seed: 99 }));
  const child = spawn(
    process.execPath,
    [path.join(root, "bin/fluxo.js"), "submit", "forecast.when", "--input", big, "--wait"],
    {
      cwd: root,
      env: { ...process.env, FLUXO_URL: baseURL!, FLUXO_TOKEN: token },
    },
  );
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  // Once the run is running on the server, press Ctrl-C.
  await expect
    .poll(
      async () => {
        const r = await page.request.get("/api/v1/runs?status=running", {
          headers: { authorization: `Bearer ${token}` },
        });
        return ((await r.json()) as { items: unknown[] }).items.length;
      },
      { timeout: 20_000 },
    )
    .toBe(1);
  child.kill("SIGINT");
  expect(await exited).toBe(130);
  expect(JSON.parse(stdout)).toMatchObject({ status: "cancelled" });
});

test("pages carry a nonce CSP without unsafe-inline scripts, and refuse framing", async ({ page }) => {
  const res = await page.goto("/sign-in");
  const csp = res!.headers()["content-security-policy"]!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res!.headers()["x-frame-options"]).toBe("DENY");
  expect(res!.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // The page still works under it (its scripts ran): the form validates on the client.
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter a valid email address", { exact: false })).toBeVisible();
});
