/**
 * Playwright's web server: a clean, migrated `fluxo_e2e` database (local Postgres, or embedded when
 * none is reachable), the weather replay server on 127.0.0.1 (the ETo sources' *_URL point at it:
 * no internet in tests), then the real launcher — production build, `next start` and a worker.
 */
import { spawn } from "node:child_process";
import { prepareTestDatabase } from "../src/test/test-database";
import { startWeatherReplay } from "../src/test/weather-replay-server";
import { startMarketReplay } from "../src/test/market-replay-server";

const db = await prepareTestDatabase("fluxo_e2e", ".data/pg-e2e");
const weather = await startWeatherReplay();
const market = await startMarketReplay();
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
  await weather.close();
  await market.close();
  await db.stop();
  process.exit(stopping ? 0 : (code ?? 1));
});
