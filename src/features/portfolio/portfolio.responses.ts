/**
 * Output contracts of the HTTP API's portfolio and analysis-snapshot endpoints: the JSON
 * /api/v1/portfolios/** and GET /api/v1/analysis/{opportunities,rankings} answer.
 */
import { z } from "zod";
import type { Assert, Extends, Jsonified } from "@/api/json";
import type { latestSnapshot } from "./analysis.runs";
import type { SnapshotKind } from "./analysis.types";
import type {
  createPortfolio,
  getPortfolio,
  listPortfoliosOf,
  removePortfolio,
  setHoldingsOf,
  updatePortfolioOf,
} from "./portfolio.service";

/** Every kind of analysis snapshot (`SnapshotKind`). */
const SNAPSHOT_KINDS = ["asset", "portfolio", "opportunities", "rankings"] as const satisfies readonly SnapshotKind[];

const ZHolding = z.object({
  ticker: z.string(),
  name: z.string().nullable().describe("The asset's name (null: the provider gave none)"),
  weight: z.number().describe("Target weight, a fraction; the weights sum to 1"),
});

/** A portfolio (`PortfolioDto`): GET/PATCH /api/v1/portfolios/{id}, POST /api/v1/portfolios, PUT …/holdings. */
export const ZPortfolioResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  benchmark: z.string().nullable().describe("Ticker of the benchmark asset"),
  riskFree: z.number().describe("Annual risk-free rate, a fraction (0.1 = 10 %)"),
  holdings: z.array(ZHolding).describe("By weight, largest first"),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

/** GET /api/v1/portfolios */
export const ZPortfoliosResponse = z.array(ZPortfolioResponse);

/** DELETE /api/v1/portfolios/{id} */
export const ZRemovedResponse = z.object({ removed: z.literal(true) });

/**
 * GET /api/v1/analysis/opportunities and /rankings: the latest snapshot. The route answers null
 * when none was taken yet, so it declares `ZSnapshotResponse.nullable()`.
 */
export const ZSnapshotResponse = z.object({
  kind: z.enum(SNAPSHOT_KINDS).describe("The kind asked for (opportunities or rankings here)"),
  key: z.string().describe('The snapshot\'s key ("all" for opportunities and rankings)'),
  runId: z.uuid().describe("The run that took it"),
  createdAt: z.iso.datetime(),
  data: z.unknown().describe("The analysis result, as the run stored it"),
});

// ---- compile-time checks: each service's answer, as JSON, fits its schema ----
type Out<F extends (...args: never[]) => unknown> = Jsonified<Awaited<ReturnType<F>>>;
type Portfolio = z.output<typeof ZPortfolioResponse>;
type _Get = Assert<Extends<Out<typeof getPortfolio>, Portfolio>>;
type _Create = Assert<Extends<Out<typeof createPortfolio>, Portfolio>>;
type _Update = Assert<Extends<Out<typeof updatePortfolioOf>, Portfolio>>;
type _Holdings = Assert<Extends<Out<typeof setHoldingsOf>, Portfolio>>;
type _List = Assert<Extends<Out<typeof listPortfoliosOf>, z.output<typeof ZPortfoliosResponse>>>;
type _Removed = Assert<Extends<Out<typeof removePortfolio>, z.output<typeof ZRemovedResponse>>>;
type _Snapshot = Assert<Extends<NonNullable<Out<typeof latestSnapshot>>, z.output<typeof ZSnapshotResponse>>>;
type _SnapshotOrNull = Assert<Extends<Out<typeof latestSnapshot>, z.output<typeof ZSnapshotResponse> | null>>;
