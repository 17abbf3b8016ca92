/**
 * Injected, seedable randomness for the pure domain.
 *
 * Generator: **sfc32** (Chris Doty-Humphrey's "Small Fast Counting" generator, 128-bit state,
 * period at least 2^32 thanks to the counter word, passes PractRand and BigCrush). The four
 * state words are filled from the 32-bit seed with a **splitmix32**-style mixer (golden-ratio
 * increment followed by an xor-shift-multiply finaliser), and the first 12 outputs are
 * discarded so that nearby seeds (0, 1, 2, …) give unrelated streams.
 *
 * Every `Rng` returns doubles uniform on [0, 1) with 32 bits of resolution.
 */

/** A source of uniform doubles on [0, 1). Must be deterministic for a seed when tests need it. */
export type Rng = () => number;

const TWO_POW_32 = 4294967296;
/** Multiplying by 2^-32 (exact) is about twice as fast as dividing by 2^32 in V8. */
const INV_TWO_POW_32 = 1 / TWO_POW_32;

/** Splitmix32-style stream used only to expand a 32-bit seed into generator state. */
function seedStream(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
}

/**
 * The sfc32 generator seeded from a 32-bit integer (`seed` is reduced modulo 2^32; pass
 * integers in 0..2^32-1). The same seed always yields the same sequence.
 */
export function sfc32(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const next = seedStream(Math.trunc(seed));
  let a = next() | 0;
  let b = next() | 0;
  let c = next() | 0;
  let d = next() | 0;
  const rng: Rng = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) * INV_TWO_POW_32;
  };
  for (let i = 0; i < 12; i++) rng();
  return rng;
}

/**
 * Independent numbered streams of one seed, for work split into blocks (e.g. Monte Carlo trials in
 * blocks of 65,536): block `k` of a run always draws from stream `k`, whichever thread runs it, so a
 * run's result depends on its seed only — never on how many threads shared the blocks.
 *
 * The 128-bit sfc32 state of stream `k` of `seed` is built from two splitmix32-style sequences:
 * a = m(seed + 1·φ), b = m(seed + 2·φ), c = m(seed + 3·φ) XOR m'(k + 1·ψ), d = m(seed + 4·φ) XOR
 * m'(k + 2·ψ), where φ = 0x9e3779b9, ψ = 0x6a09e667 and m, m' are bijective xor-shift-multiply
 * finalisers. `a` determines the seed and then `c` determines the stream, so distinct (seed, stream)
 * pairs give distinct states; the first {@link STREAM_DISCARD} outputs are then discarded, as for
 * {@link sfc32}. (Stream k of a seed is not the sequence of `sfc32(seed)`.)
 */
export const STREAM_DISCARD = 12;

function mixStream(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d);
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b);
  return z ^ (z >>> 16);
}

/** The sfc32 state words [a, b, c, d] of stream `stream` of `seed`, ready to draw (outputs discarded). */
export function streamState(seed: number, stream: number): Int32Array {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  if (!Number.isInteger(stream) || stream < 0 || stream > 0xffffffff) {
    throw new RangeError(`stream must be an integer in 0..2^32-1, got ${stream}`);
  }
  const next = seedStream(Math.trunc(seed));
  const st = new Int32Array(4);
  st[0] = next();
  st[1] = next();
  st[2] = next() ^ mixStream(stream + 0x6a09e667);
  st[3] = next() ^ mixStream(stream + 2 * 0x6a09e667);
  const rng = rngFromState(st);
  for (let i = 0; i < STREAM_DISCARD; i++) rng();
  return st;
}

/**
 * An sfc32 `Rng` that reads and advances the state words in `st` in place (so hot loops that
 * inline the same step can continue the sequence exactly where this one stopped, and back).
 */
export function rngFromState(st: Int32Array): Rng {
  return () => {
    const a = st[0]!;
    const b = st[1]!;
    const c = st[2]!;
    const d = st[3]!;
    const t = (((a + b) | 0) + d) | 0;
    st[3] = (d + 1) | 0;
    st[0] = b ^ (b >>> 9);
    st[1] = (c + (c << 3)) | 0;
    st[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return (t >>> 0) * INV_TWO_POW_32;
  };
}

/** Stream `stream` of `seed` as an `Rng` (see {@link streamState}). */
export function streamRng(seed: number, stream: number): Rng {
  return rngFromState(streamState(seed, stream));
}

/** The project's default seeded generator (currently {@link sfc32}). */
export function createRng(seed: number): Rng {
  return sfc32(seed);
}

/**
 * A uniform integer in 0..n-1 (both ends reachable, so index n-1 — the LAST element of a list —
 * is drawn as often as any other). `n` must be a positive integer ≤ 2^32; the bias from mapping
 * 2^32 outcomes onto n buckets is at most n / 2^32.
 */
export function uniformInt(rng: Rng, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
    throw new RangeError(`uniformInt: n must be an integer in 1..2^32, got ${n}`);
  }
  return Math.floor(rng() * n);
}
