/**
 * What a value becomes on the wire (`JSON.stringify`): dates are ISO strings, functions vanish,
 * `toJSON` is applied. Routes are typed with it, so a service's return value is checked at compile
 * time against the response schema a route declares (the schema describes the JSON, not the object).
 */
type Fn = (...args: never[]) => unknown;

export type Jsonified<T> = T extends Date
  ? string
  : T extends string | number | boolean | null | undefined
    ? T
    : T extends Fn
      ? never
      : T extends { toJSON(): infer R }
        ? Jsonified<R>
        : T extends readonly (infer U)[]
          ? Jsonified<U>[]
          : T extends object
            ? { [K in keyof T as T[K] extends Fn ? never : K]: Jsonified<T[K]> }
            : T;

/** A compile-time check that `A` is assignable to `B` (`Assert<Extends<A, B>>` fails to type-check otherwise). */
export type Extends<A, B> = [A] extends [B] ? true : false;
export type Assert<T extends true> = T;
