/**
 * Circuit breaker for Redis: after `failureThreshold` consecutive failures the circuit opens and
 * calls are skipped for `openMs`; then one probe is let through (half-open) — success closes it,
 * failure opens it again.
 */
export type BreakerState = "closed" | "open" | "half-open";

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private opened = false;

  constructor(
    private readonly failureThreshold: number,
    private readonly openMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): BreakerState {
    if (!this.opened) return "closed";
    return this.now() - this.openedAt >= this.openMs ? "half-open" : "open";
  }

  /** May a Redis call go ahead? In half-open, only one probe at a time. */
  allow(): boolean {
    const s = this.state;
    if (s === "closed") return true;
    if (s === "open" || this.probing) return false;
    this.probing = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.opened = false;
    this.probing = false;
  }

  failure(): void {
    this.failures++;
    if (this.probing || this.failures >= this.failureThreshold) {
      this.opened = true;
      this.openedAt = this.now();
    }
    this.probing = false;
  }
}
