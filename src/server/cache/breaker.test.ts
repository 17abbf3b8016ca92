import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "./breaker";

describe("circuit breaker", () => {
  it("opens after N consecutive failures, half-opens after openMs with one probe, closes on success", () => {
    let t = 0;
    const b = new CircuitBreaker(3, 1000, () => t);
    b.failure();
    b.failure();
    b.success(); // not consecutive
    b.failure();
    b.failure();
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.state).toBe("open");
    expect(b.allow()).toBe(false);
    t = 1000;
    expect(b.state).toBe("half-open");
    expect(b.allow()).toBe(true); // the probe
    expect(b.allow()).toBe(false); // one at a time
    b.success();
    expect(b.state).toBe("closed");
    expect(b.allow()).toBe(true);
  });

  it("re-opens when the half-open probe fails", () => {
    let t = 0;
    const b = new CircuitBreaker(1, 100, () => t);
    b.failure();
    t = 150;
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.state).toBe("open");
    t = 200;
    expect(b.allow()).toBe(false);
    t = 250;
    expect(b.allow()).toBe(true);
  });
});
