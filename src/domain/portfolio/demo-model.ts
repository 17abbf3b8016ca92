/**
 * The offline demo market: prices GENERATED from a seeded model, not real quotes. A one-factor-per-
 * sector geometric Brownian motion: each day's log return of an asset is
 *
 *   r = (μ − σ²/2)/252 + β·σ_m·z_m + γ·σ_s·z_sector + σ_i·z_asset      (σ = the asset's total vol)
 *
 * with z drawn from a counter-based RNG keyed by (stream, day), so a day's shocks do not depend on
 * which range is asked for: the same ticker always has the same price on the same date, and a
 * shorter range is a slice of a longer one. Business days only (Mon–Fri minus Brazil's fixed-date
 * national holidays), from DEMO_EPOCH on. Pure: the RNG is injected (seededNormal by default).
 */
import { dayToIsoDate, isoDateToDay, toDay } from "../shared/calendar";

/**
 * Standard normal draws keyed by (stream, day): `noise(stream)(day)` always gives the same number
 * for the same arguments.
 */
export type DemoNoise = (stream: string) => (day: number) => number;

export interface DemoAssetSpec {
  ticker: string;
  name: string;
  sector: string;
  /** Starting price at DEMO_EPOCH (BRL). */
  start: number;
  /** Annual drift and annual volatility (fractions). */
  drift: number;
  vol: number;
  /** Loading on the market factor and on the sector factor. */
  beta: number;
  sectorLoading: number;
  /** Average daily volume (shares). */
  volume: number;
  /** Model fundamentals: P/E, dividend yield (fraction), shares outstanding. Null for an index. */
  priceEarnings: number | null;
  dividendYield: number | null;
  shares: number | null;
}

export interface DemoBar {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  adjClose: number;
  volume: number;
}

export interface DemoFundamentals {
  priceEarnings: number | null;
  earningsPerShare: number | null;
  dividendYield: number | null;
  marketCap: number | null;
}

/** The first generated business day. */
export const DEMO_EPOCH = "2014-01-02";
/** The market factor's annual volatility and each sector factor's. */
const MARKET_VOL = 0.2;
const SECTOR_VOL = 0.15;
const DEMO_SUFFIX = " (demo)";

/** About 12 B3-like assets and the index. Names carry "(demo)": these are not the real companies' prices. */
export const DEMO_SPECS: readonly DemoAssetSpec[] = [
  spec("PETR4", "Petrobras PN", "Energy", 17.5, 0.11, 0.38, 1.2, 0.7, 60e6, 4.1, 0.12, 13.0e9),
  spec("VALE3", "Vale ON", "Materials", 32.0, 0.1, 0.33, 1.0, 0.8, 25e6, 6.2, 0.09, 4.5e9),
  spec("ITUB4", "Itaú Unibanco PN", "Financials", 21.0, 0.12, 0.25, 0.95, 0.6, 22e6, 8.9, 0.06, 9.8e9),
  spec("BBDC4", "Bradesco PN", "Financials", 19.0, 0.05, 0.28, 1.0, 0.6, 28e6, 7.8, 0.07, 10.6e9),
  spec("ABEV3", "Ambev ON", "Consumer Staples", 16.0, 0.04, 0.21, 0.6, 0.5, 20e6, 14.5, 0.055, 15.7e9),
  spec("WEGE3", "WEG ON", "Industrials", 7.5, 0.2, 0.27, 0.7, 0.6, 6e6, 31.0, 0.017, 4.2e9),
  spec("MGLU3", "Magazine Luiza ON", "Consumer Discretionary", 1.2, 0.08, 0.6, 1.5, 0.8, 45e6, null, 0.0, 7.5e9),
  spec("BBAS3", "Banco do Brasil ON", "Financials", 12.0, 0.13, 0.3, 1.1, 0.6, 18e6, 4.4, 0.1, 5.7e9),
  spec("RENT3", "Localiza ON", "Consumer Discretionary", 11.0, 0.15, 0.35, 1.2, 0.7, 8e6, 19.0, 0.02, 1.1e9),
  spec("SUZB3", "Suzano ON", "Materials", 14.0, 0.13, 0.3, 0.7, 0.7, 5e6, 9.5, 0.035, 1.3e9),
  spec("ELET3", "Eletrobras ON", "Utilities", 8.0, 0.12, 0.36, 0.9, 0.6, 10e6, 12.0, 0.03, 2.3e9),
  spec("B3SA3", "B3 ON", "Financials", 6.0, 0.1, 0.3, 1.1, 0.5, 30e6, 15.0, 0.04, 5.4e9),
  spec("^BVSP", "Ibovespa", "Index", 50000, 0.09, 0.2, 1.0, 0.0, 0, null, null, null),
];

function spec(
  ticker: string,
  name: string,
  sector: string,
  start: number,
  drift: number,
  vol: number,
  beta: number,
  sectorLoading: number,
  volume: number,
  priceEarnings: number | null,
  dividendYield: number | null,
  shares: number | null,
): DemoAssetSpec {
  return {
    ticker,
    name: name + DEMO_SUFFIX,
    sector,
    start,
    drift,
    vol,
    beta,
    sectorLoading,
    volume,
    priceEarnings,
    dividendYield,
    shares,
  };
}

export function demoSpec(ticker: string): DemoAssetSpec | undefined {
  return DEMO_SPECS.find((s) => s.ticker === ticker);
}

// ---------------------------------------------------------------------------------------------
// Counter-based RNG: a 32-bit hash of (stream, day, k) → uniform → Box–Muller normal.

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A uniform in (0, 1) from two 32-bit words (murmur3 finaliser). */
function uniform(a: number, b: number): number {
  let h = (a ^ Math.imul(b + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return ((h >>> 0) + 0.5) / 4294967296;
}

/** A DemoNoise from a seed: standard normals keyed by (stream, day), reproducible across runs. */
export function seededNormal(seed = 20140102): DemoNoise {
  return (stream) => {
    const a = fnv1a(`${seed}:${stream}`);
    const b = (a ^ 0x5bd1e995) >>> 0;
    return (day) => {
      const u1 = uniform(a, day * 2);
      const u2 = uniform(b, day * 2 + 1);
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    };
  };
}

/** The default noise (one instance, so the paths it generated are reused across calls). */
export const DEMO_NOISE: DemoNoise = seededNormal();

// ---------------------------------------------------------------------------------------------
// Calendar

const EPOCH_DAY = toDay(DEMO_EPOCH);
/** Brazil's fixed-date national holidays (MM-DD); B3 is closed on them. Movable feasts are not modelled. */
const HOLIDAYS = new Set(["01-01", "04-21", "05-01", "09-07", "10-12", "11-02", "11-15", "12-25"]);

const LAST_DAY = toDay("2100-12-31") - EPOCH_DAY;
const dayNumber = (iso: string) => (isoDateToDay(iso) ?? NaN) - EPOCH_DAY;
const isoOf = (n: number) => dayToIsoDate(EPOCH_DAY + n);

/** Business days from DEMO_EPOCH: day numbers and their dates, extended on demand (memo). */
const calendar = { upTo: -1, days: [] as number[], isos: [] as string[] };
function businessDaysThrough(to: number): void {
  for (let n = calendar.upTo + 1; n <= to; n++) {
    const iso = isoOf(n);
    if (isDemoBusinessDay(iso)) {
      calendar.days.push(n);
      calendar.isos.push(iso);
    }
  }
  calendar.upTo = Math.max(calendar.upTo, to);
}

export function isDemoBusinessDay(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  const wd = d.getUTCDay();
  return wd !== 0 && wd !== 6 && !HOLIDAYS.has(iso.slice(5));
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Log closes per business day (index as in `calendar`), per noise and ticker, extended on demand. */
const paths = new WeakMap<DemoNoise, Map<string, number[]>>();

function logCloses(s: DemoAssetSpec, count: number, noise: DemoNoise): number[] {
  let byTicker = paths.get(noise);
  if (!byTicker) paths.set(noise, (byTicker = new Map()));
  let path = byTicker.get(s.ticker);
  if (!path) byTicker.set(s.ticker, (path = []));
  if (path.length >= count) return path;
  const dt = 1 / 252;
  const sdt = Math.sqrt(dt);
  // Split the asset's variance between the factors and its own noise so its total vol is s.vol.
  const sysVar = (s.beta * MARKET_VOL) ** 2 + (s.sectorLoading * SECTOR_VOL) ** 2;
  const idio = Math.sqrt(Math.max(0.02 ** 2, s.vol ** 2 - sysVar));
  const scale = s.vol / Math.sqrt(sysVar + idio ** 2);
  const isIndex = s.sector === "Index";
  const zm = noise("market");
  const zs = noise(`sector:${s.sector}`);
  const zi = noise(`asset:${s.ticker}`);
  let logP = path.length ? path[path.length - 1]! : Math.log(s.start);
  for (let k = path.length; k < count; k++) {
    const n = calendar.days[k]!;
    const shock =
      scale * (s.beta * MARKET_VOL * zm(n) + (isIndex ? 0 : s.sectorLoading * SECTOR_VOL * zs(n)) + idio * zi(n));
    logP += (s.drift - 0.5 * s.vol ** 2) * dt + shock * sdt;
    path.push(logP);
  }
  return path;
}

/** Index of the first business day ≥ day number n (binary search in the memo). */
function firstAtOrAfter(n: number): number {
  let lo = 0;
  let hi = calendar.days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (calendar.days[mid]! < n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The demo bars of `s` for the business days in [start, end] (YYYY-MM-DD, inclusive; clipped to
 * DEMO_EPOCH). Close and adjusted close are equal: the model pays no discrete dividends.
 */
export function demoBars(s: DemoAssetSpec, start: string, end: string, noise: DemoNoise = DEMO_NOISE): DemoBar[] {
  const from = Math.max(0, dayNumber(start));
  // The model runs to the end of 2100 at most (the memo grows with the days asked for).
  const to = Math.min(dayNumber(end), LAST_DAY);
  const out: DemoBar[] = [];
  if (!(to >= from)) return out;
  businessDaysThrough(to);
  const first = firstAtOrAfter(from);
  const stop = firstAtOrAfter(to + 1);
  if (stop <= first) return out;
  const path = logCloses(s, stop, noise);
  const sdt = Math.sqrt(1 / 252);
  const isIndex = s.sector === "Index";
  const gap = noise(`gap:${s.ticker}`);
  const hi = noise(`high:${s.ticker}`);
  const lo = noise(`low:${s.ticker}`);
  const vol = noise(`vol:${s.ticker}`);
  for (let k = first; k < stop; k++) {
    const n = calendar.days[k]!;
    const close = Math.exp(path[k]!);
    const prevClose = k > 0 ? Math.exp(path[k - 1]!) : s.start;
    const open = prevClose * Math.exp(0.25 * s.vol * sdt * gap(n));
    const wick = s.vol * sdt * 0.5;
    const high = Math.max(open, close) * Math.exp(wick * Math.abs(hi(n)));
    const low = Math.min(open, close) * Math.exp(-wick * Math.abs(lo(n)));
    const volume = isIndex ? 0 : Math.round(s.volume * Math.exp(0.35 * vol(n) - 0.06));
    const c = round2(close);
    const o = round2(open);
    out.push({
      date: calendar.isos[k]!,
      open: o,
      high: Math.max(round2(high), o, c),
      low: Math.min(round2(low), o, c),
      close: c,
      adjClose: c,
      volume,
    });
  }
  return out;
}

/** Model fundamentals at a price: EPS = price / P/E, market cap = price × shares. */
export function demoFundamentals(s: DemoAssetSpec, lastPrice: number | null): DemoFundamentals {
  const pe = s.priceEarnings;
  return {
    priceEarnings: pe,
    earningsPerShare: pe !== null && lastPrice !== null ? Math.round((lastPrice / pe) * 10_000) / 10_000 : null,
    dividendYield: s.dividendYield,
    marketCap: s.shares !== null && lastPrice !== null ? Math.round(lastPrice * s.shares) : null,
  };
}
