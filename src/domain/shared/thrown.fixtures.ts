/** Test-only: the error of a given class that `f` throws (failing when it throws none or another error). */
import { expect } from "vitest";

export function thrown<E extends Error>(kind: abstract new (...args: never[]) => E, f: () => unknown): E {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(kind);
    return e as E;
  }
  throw new Error(`expected a ${kind.name}`);
}
