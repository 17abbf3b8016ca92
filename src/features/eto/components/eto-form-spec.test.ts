import { describe, expect, it } from "vitest";
import { defaultSources, sourceCoverageToday } from "../eto-sources";
import { checkLocation, computeSpec, defaultSourcesFor, lastMonth, type ComputeValues } from "./eto-form-spec";
import { resolverSchema } from "@/components/form/form-kit";

const TODAY = "2026-11-26";
const coverage = sourceCoverageToday(TODAY);
const PIRACICABA = { latitude: -22.72, longitude: -47.63 };
const DENVER = { latitude: 39.74, longitude: -104.99 };

describe("lastMonth", () => {
  it.each([
    ["2026-11-26", "2026-10-01", "2026-10-31"],
    ["2026-01-05", "2025-12-01", "2025-12-31"],
    ["2024-03-31", "2024-02-01", "2024-02-29"],
    ["2026-05-01", "2026-04-01", "2026-04-30"],
  ])("%s → %s..%s", (today, start, end) => expect(lastMonth(today)).toEqual({ start, end }));
});

describe("defaultSourcesFor agrees with the server's defaultSources", () => {
  it.each([
    ["2026-10-01", "2026-10-31", PIRACICABA],
    ["2026-11-10", "2026-11-25", PIRACICABA],
    ["2026-11-20", "2026-12-03", PIRACICABA],
    ["2026-11-26", "2026-12-04", DENVER],
    ["1995-01-01", "1995-12-31", DENVER],
  ])("%s..%s", (start, end, site) =>
    expect(defaultSourcesFor(start, end, site, coverage).sort()).toEqual(
      defaultSources(start, end, site, TODAY).sort(),
    ),
  );
});

describe("the compute form checked with ZEtoStartInput", () => {
  const schema = resolverSchema(computeSpec);
  const values = (v: Partial<ComputeValues>): ComputeValues => ({
    locationId: "7d9f3a52-5f0e-4a39-9a4c-2b1f6f0e9c11",
    start: "2026-10-01",
    end: "2026-10-31",
    sources: ["nasa-power"],
    method: "fao56",
    gapMaxDays: "",
    ...v,
  });
  const messages = (v: Partial<ComputeValues>) => {
    const r = schema.safeParse(values(v));
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
  };

  it("passes a month", () => expect(schema.safeParse(values({})).success).toBe(true));
  it("puts end before start on end", () =>
    expect(messages({ start: "2026-10-31", end: "2026-10-01" })).toEqual({
      end: "end 2026-10-01 is before start 2026-10-31",
    }));
  it("puts a range too long on end", () =>
    expect(messages({ start: "2024-01-01", end: "2026-10-31" }).end).toMatch(/at most 366 days per run/));
  it("asks for a location", () =>
    expect(messages({ locationId: "" }).locationId).toMatch(/latitude and longitude are required unless locationId/));
  it("names gapMaxDays and its limit", () =>
    expect(messages({ gapMaxDays: "11" }).gapMaxDays).toBe("gapMaxDays must be a whole number 0..10"));
  it("asks for an empty end by name", () => expect(messages({ end: "" }).end).toBe("end is required with start"));
  it("asks for a source", () => expect(messages({ sources: [] }).sources).toMatch(/at least one source/));
});

describe("checkLocation", () => {
  const d = { name: "Piracicaba", latitude: "-22.72", longitude: "-47.63", elevation: "", timezone: "" };
  it("leaves elevation out to look it up", () =>
    expect(checkLocation(d)).toEqual({ ok: true, input: { name: "Piracicaba", latitude: -22.72, longitude: -47.63 } }));
  it("refuses a latitude outside ±90, naming field and limit", () =>
    expect(checkLocation({ ...d, latitude: "-92.72" })).toEqual({
      ok: false,
      errors: { latitude: "latitude must be within -90..90 °" },
    }));
  it("refuses an unknown time zone", () =>
    expect(checkLocation({ ...d, timezone: "Mars/Olympus" })).toMatchObject({
      ok: false,
      errors: { timezone: /IANA/ },
    }));
  it("on edit keeps a looked-up elevation, and looks up one cleared after being entered", () => {
    const id = "7d9f3a52-5f0e-4a39-9a4c-2b1f6f0e9c11";
    expect(checkLocation(d, { id, elevationLookedUp: true })).toMatchObject({ ok: true, input: { id } });
    expect(checkLocation(d, { id, elevationLookedUp: true })).not.toHaveProperty("input.elevation");
    expect(checkLocation(d, { id, elevationLookedUp: false })).toMatchObject({ input: { elevation: null } });
    expect(checkLocation({ ...d, elevation: "546" }, { id, elevationLookedUp: true })).toMatchObject({
      input: { elevation: 546 },
    });
  });
});
