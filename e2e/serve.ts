/**
 * Playwright's web server: a clean, migrated `fluxo_e2e` database (local Postgres, or embedded when
 * none is reachable), the weather replay server on 127.0.0.1 (the ETo sources' *_URL point at it:
 * no internet in tests), then the real launcher — production build, `next start` and a worker.
 */
import { spawn } from "node:child_process";
import http from "node:http";
import { prepareTestDatabase } from "../src/test/test-database";
import { startWeatherReplay } from "../src/test/weather-replay-server";
import { startMarketReplay } from "../src/test/market-replay-server";
import { E2E_CONTROL_PORT } from "./control";

const db = await prepareTestDatabase("fluxo_e2e", ".data/pg-e2e");
const weather = await startWeatherReplay();
const market = await startMarketReplay();
const control = await startControl(weather);
const child = spawn(process.execPath, ["--import", "tsx", "src/launcher/start.ts"], {
  stdio: "inherit",
  env: {
    ...process.env,
    ...weather.env,
    ...market.env,
    MARKET_PROVIDER: "yahoo",
    DATABASE_URL: db.url,
    NEXT_TELEMETRY_DISABLED: "1",
  },
});
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  child.kill("SIGTERM");
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
child.on("exit", async (code) => {
  control.close();
  await weather.close();
  await market.close();
  await db.stop();
  process.exit(stopping ? 0 : (code ?? 1));
});

/**
 * The specs' handle on the weather replay (127.0.0.1, E2E_CONTROL_PORT): `POST /weather/hold?latitude=L`
 * holds NASA POWER's answer for the place at latitude L (until released: a batch's chunk that stays
 * running, deterministically); `DELETE /weather/hold` releases it.
 */
async function startControl(replay: typeof weather) {
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://control");
    if (u.pathname !== "/weather/hold") return void res.writeHead(404).end();
    const lat = Number(u.searchParams.get("latitude"));
    replay.setFault(
      "nasa-power",
      req.method === "POST" && Number.isFinite(lat)
        ? { kind: "hang", match: (q) => Math.abs(Number(q.searchParams.get("latitude")) - lat) < 1e-6 }
        : null,
    );
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(E2E_CONTROL_PORT, "127.0.0.1", resolve));
  return server;
}
