import { describe, expect, it } from "vitest";
import { unavailableService } from "./unavailable";

describe("unavailableService", () => {
  it("recognises PostgreSQL out of reach, as pg, Prisma and the socket report it", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    expect(unavailableService(refused)).toBe("database");
    expect(unavailableService(new Error("Connection terminated unexpectedly"))).toBe("database");
    expect(
      unavailableService(new Error("Invalid `prisma.$queryRaw()` invocation: Can't reach database server at x:1")),
    ).toBe("database");
    expect(unavailableService(Object.assign(new Error("admin shutdown"), { code: "57P01" }))).toBe("database");
    expect(unavailableService(Object.assign(new Error("starting up"), { code: "57P03" }))).toBe("database");
    expect(unavailableService(Object.assign(new Error("x"), { code: "P1001" }))).toBe("database");
    expect(unavailableService(new Error("wrapped", { cause: refused }))).toBe("database");
    // Prisma 7 over @prisma/adapter-pg while Postgres replays its WAL after a crash (seen by chaos)
    const p2039 = Object.assign(new Error("Invalid `prisma.apiToken.findUnique()` invocation: Database error."), {
      code: "P2039",
      meta: {
        driverAdapterError: {
          name: "DriverAdapterError",
          cause: {
            originalCode: "57P03",
            kind: "postgres",
            message: "the database system is not yet accepting connections",
          },
        },
      },
    });
    expect(unavailableService(p2039)).toBe("database");
  });

  it("recognises Redis out of reach (ioredis)", () => {
    const e = Object.assign(new Error("Reached the max retries per request limit (which is 2)."), {
      name: "MaxRetriesPerRequestError",
    });
    expect(unavailableService(e)).toBe("redis");
    expect(unavailableService(new Error("Connection is closed."))).toBe("redis");
  });

  it("leaves every other error alone (a real bug stays a 500)", () => {
    expect(unavailableService(new Error("Cannot read properties of undefined"))).toBeNull();
    expect(unavailableService(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBeNull();
    expect(unavailableService(Object.assign(new Error("x"), { code: "P2002" }))).toBeNull();
    expect(unavailableService("a string")).toBeNull();
    expect(unavailableService(null)).toBeNull();
  });
});
