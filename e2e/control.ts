/** Where e2e/serve.ts listens for the specs' replay controls (see startControl there): the app's port + 1. */
export const E2E_CONTROL_PORT = Number(
  process.env.E2E_CONTROL_PORT ?? Number(process.env.E2E_PORT ?? process.env.PORT ?? 3917) + 1,
);

/** Hold NASA POWER's answer for the place at `latitude` (null: release every hold). */
export async function holdWeather(latitude: number | null): Promise<void> {
  const url = `http://127.0.0.1:${E2E_CONTROL_PORT}/weather/hold${latitude === null ? "" : `?latitude=${latitude}`}`;
  const res = await fetch(url, { method: latitude === null ? "DELETE" : "POST" });
  if (res.status !== 204) throw new Error(`replay control answered ${res.status}`);
}
