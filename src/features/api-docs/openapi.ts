/**
 * The HTTP API's OpenAPI 3.1 document, built from the same zod schemas the routes validate with
 * (so it cannot drift from them). Served at GET /api/v1/openapi.json.
 */
import { ZStartForecastInput } from "@/features/forecast/forecast.schemas";
import { FORECAST_ENDPOINTS } from "@/features/forecast/forecast.endpoints";
import { ETO_BATCH_ENDPOINT, ETO_COMPUTE_ENDPOINT } from "@/features/eto/eto.endpoints";
import { ASSET_ENDPOINT, ASSETS_ENDPOINT } from "@/features/market/market.endpoints";
import { PORTFOLIO_ENDPOINTS as PE } from "@/features/portfolio/portfolio.endpoints";
import { REPORTS_ENDPOINT } from "@/features/reports/reports.endpoints";
import { ZRunFilter } from "@/features/runs/runs.schemas";
import { ZWorkflowSpec } from "@/runs/workflow";
import { error, errors, json, schema } from "./openapi-helpers";
import { submitPaths } from "./runs-submit.openapi";

const id = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const csv = (description: string) => ({ description, content: { "text/csv": { schema: { type: "string" } } } });

export function openApiDocument(version: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Fluxo HTTP API",
      version,
      description:
        "Runs, forecasts, workflows, queues and workers. Authenticate with `Authorization: Bearer <API token>` (made on /account); someone else's run is a 404.",
    },
    servers: [{ url: "/" }],
    components: { securitySchemes: { token: { type: "http", scheme: "bearer" } } },
    security: [{ token: [] }],
    paths: {
      "/api/v1/me": {
        get: { summary: "The account the token belongs to", responses: { "200": json("Account"), ...errors } },
      },
      [REPORTS_ENDPOINT.path]: {
        get: {
          summary: "Report files you may download (yours and the system's), newest first",
          parameters: [
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200 } },
            { name: "runId", in: "query", schema: { type: "string", format: "uuid" } },
          ],
          responses: {
            "200": json("{ items: [{ id, kind, format, title, filename, mime, size, runId, createdAt, links }] }"),
            ...errors,
          },
        },
        post: {
          summary: REPORTS_ENDPOINT.summary,
          description:
            "kind asset (ticker), compare (tickers: 2..10), portfolio (portfolioId of your own) or marketOverview (scope watched|all); formats: pdf, md, html (default [pdf]); locale en | pt-BR. The run goes data → analysis → narrative → render; its files are listed at /api/v1/reports?runId={runId}.",
          requestBody: { required: true, content: { "application/json": { schema: schema(REPORTS_ENDPOINT.schema) } } },
          responses: { "202": json("Queued: { runId, task, links }"), ...errors },
        },
      },
      "/api/v1/reports/{id}": {
        get: {
          summary: "Download a report file (PDF, Markdown or HTML) as an attachment with its file name",
          parameters: [id],
          responses: {
            "200": {
              description: "The file",
              content: {
                "application/pdf": { schema: { type: "string", format: "binary" } },
                "text/markdown": { schema: { type: "string" } },
                "text/html": { schema: { type: "string" } },
              },
            },
            ...errors,
          },
        },
      },
      "/api/v1/forecasts/when": {
        post: {
          summary: "Queue a 'when will it be done?' forecast",
          requestBody: { required: true, content: { "application/json": { schema: schema(ZStartForecastInput) } } },
          responses: { "202": json("Queued: { runId, seed, fromCache, links }"), ...errors },
        },
      },
      ...Object.fromEntries(
        Object.entries(FORECAST_ENDPOINTS).map(([kind, e]) => [
          `/api/v1/forecasts/${kind}`,
          {
            post: {
              summary: e.summary,
              requestBody: { required: true, content: { "application/json": { schema: schema(e.schema) } } },
              responses: { "202": json("Queued: { runId, seed, fromCache, links }"), ...errors },
            },
          },
        ]),
      ),
      [ETO_COMPUTE_ENDPOINT.path]: {
        post: {
          summary: ETO_COMPUTE_ENDPOINT.summary,
          description:
            "A saved location (locationId) or a point (latitude, longitude, elevation? — looked up when left out), the days as start..end (YYYY-MM-DD, at most 366 days, within the chosen sources' coverage) or lastDays (1..366: the full days ending yesterday in the location's zone, America/Sao_Paulo when it has none) or period (last-month, this-month = the 1st to today, next-7-days) — exactly one form; the result's range gives the resolved days, sources (default by date), method fao56|asce, gapMaxDays, weights. The run's result: daily ETo with the fused inputs and per-variable provenance, a summary and the comparison with Open-Meteo's et0; CSV at /api/v1/runs/{id}/result.csv.",
          requestBody: {
            required: true,
            content: { "application/json": { schema: schema(ETO_COMPUTE_ENDPOINT.schema) } },
          },
          responses: { "202": json("Queued: { runId, sources, links }"), ...errors },
        },
      },
      [ETO_BATCH_ENDPOINT.path]: {
        post: {
          summary: ETO_BATCH_ENDPOINT.summary,
          description:
            "locationIds (1..100 saved locations of your own) or points (1..100 of { latitude, longitude, elevation?, name? }), and the days as for /api/v1/eto/compute (start..end, lastDays or period — resolved in each location's zone), sources, method, gapMaxDays, weights; failurePolicy continue (default) or fail-fast. Every location is checked before anything is queued. Starts a group workflow whose steps are eto.compute runs, one per location in the order given; the parent run's result is their results in that order, its children at GET /api/v1/runs/{id} and the workflows' children listing.",
          requestBody: {
            required: true,
            content: { "application/json": { schema: schema(ETO_BATCH_ENDPOINT.schema) } },
          },
          responses: {
            "202": json(
              "Queued: { runId (the parent run), children: [{ locationId, name, start, end, sources }], links }",
            ),
            ...errors,
          },
        },
      },
      [ASSETS_ENDPOINT.path]: {
        get: {
          summary: ASSETS_ENDPOINT.summary,
          responses: {
            "200": json(
              "{ watched: [asset + lastDate, change, changePct, addedAt], all: [asset] } — an asset: ticker, name, currency, sector, source (brapi|yahoo|csv|demo — demo prices are generated by a seeded model, not real), lastPrice, priceEarnings, earningsPerShare, dividendYield (fraction), marketCap",
            ),
            ...errors,
          },
        },
        post: {
          summary: "Add an asset: collect its history (a market.collectAsset run) and follow it",
          description:
            "ticker (a B3 code such as PETR4 or PETR4.SA, or an index such as ^BVSP), provider brapi|yahoo|demo (default: MARKET_PROVIDER), range 1mo..max (default 5y). Unknown tickers fail the run with the provider's reason.",
          requestBody: { required: true, content: { "application/json": { schema: schema(ASSETS_ENDPOINT.schema) } } },
          responses: { "202": json("Queued: { runId, ticker, links }"), ...errors },
        },
      },
      [PE.portfolios.path]: {
        get: {
          summary: PE.portfolios.summary,
          responses: {
            "200": json(
              "[portfolio: { id, name, description, benchmark, riskFree (annual fraction), holdings: [{ ticker, name, weight }], createdAt, updatedAt }]",
            ),
            ...errors,
          },
        },
        post: {
          summary: "Create a portfolio",
          description:
            "name (≤ 100 characters), description?, benchmark? (a known ticker such as ^BVSP), riskFree? (annual fraction, −0.5..1, default 0), holdings? (1..50 { ticker, weight }, no ticker twice, weights ≥ 0 summing to 1 ± 1e-6, or normalise: true to scale them). Unknown tickers are refused naming the ticker and its place.",
          requestBody: { required: true, content: { "application/json": { schema: schema(PE.portfolios.schema) } } },
          responses: { "201": json("The portfolio"), ...errors },
        },
      },
      [PE.portfolio.path]: {
        get: {
          summary: PE.portfolio.summary,
          parameters: [id],
          responses: { "200": json("The portfolio"), ...errors },
        },
        patch: {
          summary: "Change a portfolio's name, description, benchmark or riskFree",
          parameters: [id],
          requestBody: { required: true, content: { "application/json": { schema: schema(PE.portfolio.schema) } } },
          responses: { "200": json("The portfolio"), ...errors },
        },
        delete: {
          summary: "Remove a portfolio",
          parameters: [id],
          responses: { "200": json("{ removed: true }"), ...errors },
        },
      },
      [PE.holdings.path]: {
        put: {
          summary: PE.holdings.summary,
          parameters: [id],
          requestBody: { required: true, content: { "application/json": { schema: schema(PE.holdings.schema) } } },
          responses: { "200": json("The portfolio"), ...errors },
        },
      },
      [PE.analyze.path]: {
        post: {
          summary: PE.analyze.summary,
          description:
            "range (1mo..max, default 2y), bounds? [lower, upper] weights for the optimiser (default [0, 1]). The portfolio's returns are Σ wᵢ·rᵢ with its weights (rebalanced daily); Sharpe uses the per-period risk-free (1+rf)^(1/252)−1; the optimiser uses the annual rate. The result (also kept as the portfolio's latest analysis): metrics, benchmark, series, per-asset metrics, correlation, frontier, current point, min-volatility and max-Sharpe weights (or why max-Sharpe is unavailable).",
          parameters: [id],
          requestBody: { required: false, content: { "application/json": { schema: schema(PE.analyze.schema) } } },
          responses: { "202": json("Queued: { runId, links }"), ...errors },
        },
      },
      ...Object.fromEntries(
        (["asset", "compare", "batch"] as const).map((k) => [
          PE[k].path,
          {
            post: {
              summary: PE[k].summary,
              requestBody: { required: true, content: { "application/json": { schema: schema(PE[k].schema) } } },
              responses: { "202": json("Queued: { runId, links }"), ...errors },
            },
          },
        ]),
      ),
      ...Object.fromEntries(
        (["opportunities", "rankings"] as const).map((k) => [
          PE[k].path,
          {
            get: {
              summary: PE[k].summary,
              responses: {
                "200": json("The latest snapshot { kind, key, runId, createdAt, data } or null"),
                ...errors,
              },
            },
            post: { summary: `Queue ${PE[k].task}`, responses: { "202": json("Queued: { runId, links }"), ...errors } },
          },
        ]),
      ),
      [ASSET_ENDPOINT.path]: {
        get: {
          summary: ASSET_ENDPOINT.summary,
          parameters: [
            { name: "ticker", in: "path", required: true, schema: { type: "string", maxLength: 20 } },
            {
              name: "range",
              in: "query",
              required: false,
              schema: { type: "string", enum: ["1m", "3m", "6m", "1y", "5y", "max"], default: "1y" },
            },
          ],
          responses: {
            "200": json(
              "{ asset, watched, range, span: { first, last, count }, bars: [{ date, open, high, low, close, adjClose, volume }], drawdown: number[] (one per bar, ≤ 0, from the running high of adjClose), summary: { bars, periodReturn, maxDrawdown, currentDrawdown } }",
            ),
            ...errors,
          },
        },
      },
      "/api/v1/workflows": {
        post: {
          summary: "Start a chain, group or chord of runs",
          requestBody: { required: true, content: { "application/json": { schema: schema(ZWorkflowSpec) } } },
          responses: { "202": json("Started: { runId } of the parent run"), ...errors },
        },
      },
      "/api/v1/runs": {
        get: {
          summary: "Your runs, newest first (all=1: everyone's, admins)",
          parameters: [
            "status",
            "task",
            "queue",
            "owner",
            "createdAfter",
            "createdBefore",
            "text",
            "limit",
            "cursor",
            "all",
          ].map((n) => ({ name: n, in: "query", required: false, schema: { type: "string" } })),
          responses: { "200": json("{ items, nextCursor }"), ...errors },
        },
        post: submitPaths["/api/v1/runs"].post,
      },
      "/api/v1/runs/batch": submitPaths["/api/v1/runs/batch"],
      "/api/v1/runs/{id}": {
        get: {
          summary:
            "One run: input, result, error, attempts, priority, runAt (when it may start), concurrencyKey/Limit, idempotencyKey",
          parameters: [id],
          responses: { "200": json("Run"), ...errors },
        },
      },
      "/api/v1/runs/{id}/cancel": {
        post: {
          summary: "Cancel a run (a running one stops within the cancel grace)",
          parameters: [id],
          responses: { "202": json("Run summary"), ...errors },
        },
      },
      "/api/v1/runs/{id}/redrive": {
        post: {
          summary: "Queue a failed or dead run again",
          parameters: [id],
          responses: { "202": json("Run summary"), "409": error, ...errors },
        },
      },
      "/api/v1/runs/{id}/result.csv": {
        get: {
          summary:
            "A succeeded forecast or eto.compute run's result as CSV (forecasts: facts, percentiles, distribution, …; ETo: a row per day with the inputs and their sources)",
          parameters: [id],
          responses: { "200": csv("The result"), "409": error, ...errors },
        },
      },
      "/api/v1/projects/{id}/history.csv": {
        get: {
          summary: "A project's throughput history as CSV: period_start,count",
          parameters: [id],
          responses: { "200": csv("The history"), ...errors },
        },
      },
      "/api/v1/projects/{id}/forecasts/{forecastId}/result.csv": {
        get: {
          summary: "A forecast saved in a project, as CSV (kept after its run expires)",
          parameters: [
            id,
            { name: "forecastId", in: "path", required: true, schema: { type: "string", format: "uuid" } },
          ],
          responses: { "200": csv("The saved result"), "409": error, ...errors },
        },
      },
      "/api/runs/{id}/events": {
        get: {
          summary: "The run's server-sent events (replays after Last-Event-ID)",
          parameters: [id],
          responses: { "200": { description: "text/event-stream" }, ...errors },
        },
      },
      "/api/v1/queues": {
        get: { summary: "Queue statistics (admins)", responses: { "200": json("{ items }"), ...errors } },
      },
      "/api/v1/workers": {
        get: {
          summary: "Worker processes (admins)",
          parameters: [{ name: "stopped", in: "query", schema: { type: "string", enum: ["1"] } }],
          responses: { "200": json("{ items }"), ...errors },
        },
      },
      "/api/hooks/{id}": {
        post: {
          summary: "Incoming hook: a signed body starts the hook's task",
          security: [],
          parameters: [
            id,
            { name: "x-fluxo-timestamp", in: "header", required: true, schema: { type: "string" } },
            { name: "x-fluxo-signature", in: "header", required: true, schema: { type: "string" } },
          ],
          responses: { "202": json("{ runId }"), ...errors },
        },
      },
      "/api/health/live": { get: { summary: "Liveness", security: [], responses: { "200": json("ok") } } },
      "/api/health/ready": {
        get: {
          summary: "Readiness with per-check detail",
          security: [],
          responses: { "200": json("ready"), "503": json("not ready") },
        },
      },
    },
    "x-bulk-filter": schema(ZRunFilter),
  };
}
