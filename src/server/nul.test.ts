import { describe, expect, it } from "vitest";
import { findNul, nulMessage } from "./nul";

describe("findNul (strings PostgreSQL cannot store)", () => {
  it("finds a NUL character and names where it is", () => {
    expect(findNul({ a: [1, "x\u0000y"] })).toEqual(["a", 1]);
    expect(nulMessage(["a", 1])).toMatch(/^a\.1 must not contain the NUL character/);
  });

  it("finds half of a surrogate pair, in a value or a key, and lets whole pairs through", () => {
    expect(findNul({ name: "a\ud800b" })).toEqual(["name"]);
    expect(findNul({ list: ["ok", "\udc00"] })).toEqual(["list", 1]);
    expect(findNul({ ["k\ud83d"]: 1 })).toEqual(["k\ud83d"]);
    expect(findNul({ emoji: "ok 😀 ç", nested: { deep: ["São Paulo"] } })).toBeNull();
  });
});
