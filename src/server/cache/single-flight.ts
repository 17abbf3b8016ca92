/** In-process single flight: concurrent callers for one key share one running promise. */
export class SingleFlight<R> {
  private readonly flights = new Map<string, Promise<R>>();

  has(key: string): boolean {
    return this.flights.has(key);
  }

  /** Join the running flight for `key`, or start `fn` as the new one. `joined` tells which. */
  run(key: string, fn: () => Promise<R>): { promise: Promise<R>; joined: boolean } {
    const running = this.flights.get(key);
    if (running) return { promise: running, joined: true };
    const promise = (async () => {
      try {
        return await fn();
      } finally {
        this.flights.delete(key);
      }
    })();
    this.flights.set(key, promise);
    return { promise, joined: false };
  }
}
