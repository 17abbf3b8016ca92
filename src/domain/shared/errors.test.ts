import { describe, expect, it } from "vitest";
import { Refusal, refusal } from "./errors";

class ThingNotFoundError extends refusal("NOT_FOUND", "ThingNotFoundError") {}

describe("refusal", () => {
  it("makes a Refusal class with its code and name", () => {
    const e = new ThingNotFoundError("no such thing");
    expect(e).toBeInstanceOf(ThingNotFoundError);
    expect(e).toBeInstanceOf(Refusal);
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe("NOT_FOUND");
    expect(e.name).toBe("ThingNotFoundError");
    expect(e.message).toBe("no such thing");
    expect(String(e)).toBe("ThingNotFoundError: no such thing");
  });
});
