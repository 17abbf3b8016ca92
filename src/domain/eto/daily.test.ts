import { describe, expect, it } from "vitest";
import { close, EX18, inputError } from "./eto.fixtures";
import { etoDaily, fao56 as eq, type EtoDailyInput } from "./index";

describe("FAO-56 reference cases (eto.md C.4)", () => {
  it("C-P1 (Ex. 2): P and γ at 1800 m", () => {
    const p = eq.pressureKPa(1800);
    close(p, 81.756, 0.05);
    close(eq.psychrometricKPaC(p), 0.05437, 0.0005);
    const r = etoDaily({ ...EX18, elevation: 1800 });
    close(r.intermediates.pressureKPa, 81.8, 0.05);
    close(r.intermediates.gammaKPaC, 0.054, 0.0005);
  });

  it("C-P2 (Ex. 3): e°(24.5), e°(15), es", () => {
    close(eq.satVapourKPa(24.5), 3.075, 0.002);
    close(eq.satVapourKPa(15), 1.705, 0.002);
    close(etoDaily({ ...EX18, tmax: 24.5, tmin: 15 }).intermediates.esKPa, 2.39, 0.002);
  });

  it("C-P3 (Ex. 5): ea from RHmax/RHmin, RHmax only, RHmean", () => {
    const base = { ...EX18, tmax: 25, tmin: 18, rhmax: undefined, rhmin: undefined };
    const both = etoDaily({ ...base, rhmax: 82, rhmin: 54 }).intermediates;
    close(both.eaKPa, 1.7, 0.01);
    expect(both.eaMethod).toBe("rhmax-rhmin");
    const maxOnly = etoDaily({ ...base, rhmax: 82 }).intermediates;
    close(maxOnly.eaKPa, 1.69, 0.01);
    expect(maxOnly.eaMethod).toBe("rhmax");
    const mean = etoDaily({ ...base, rhmean: 68 }).intermediates;
    close(mean.eaKPa, 1.78, 0.01);
    expect(mean.eaMethod).toBe("rhmean");
  });

  it("C-P4 (Ex. 8, 9): 3 September (J 246) at 20°S: dr, δ, ωs, Ra, N", () => {
    const r = etoDaily({ ...EX18, latitude: -20, date: "2025-09-03" }).intermediates;
    expect(r.dayOfYear).toBe(246);
    close(r.dr, 0.985, 0.001);
    close(r.declinationRad, 0.12, 0.001);
    close(r.sunsetAngleRad, 1.527, 0.001);
    close(r.raMJm2, 32.2, 0.1);
    close(r.daylightHours, 11.7, 0.05);
  });

  it("C-P5 (Ex. 10): Rs from sunshine hours (Angström), Rio de Janeiro in May", () => {
    close(eq.rsAngstrom(7.1, 10.9, 25.1), 14.45, 0.05);
  });

  it("C-P6 (Ex. 11, 12): Rnl and Rn", () => {
    const rnl = eq.rnlMJm2(4.903e-9, eq.tK4MeanDay(25.1, 19.1), 2.1, 14.5 / 18.8);
    close(rnl, 3.534, 0.05);
    close(eq.rnsMJm2(14.5) - rnl, 7.63, 0.05);
  });

  it("C-P7 (Ex. 14): 3.2 m/s at 10 m is 2.393 m/s at 2 m", () => {
    close(etoDaily({ ...EX18, windSpeed: 3.2, windHeight: 10 }).intermediates.u2Ms, 2.393, 0.01);
  });

  it("C-P8 (Ex. 15): Hargreaves Rs, interior (kRs 0.16)", () => {
    close(eq.rsHargreaves(0.16, 26.6, 14.8, 40.6), 22.31, 0.05);
  });

  it("C-P9 (Ex. 18): every intermediate and ETo 3.88 (published 3.9)", () => {
    const r = etoDaily(EX18);
    const i = r.intermediates;
    close(i.tmeanC, 16.9, 1e-9);
    close(i.pressureKPa, 100.1, 0.05);
    close(i.gammaKPaC, 0.0666, 0.0001);
    close(i.deltaKPaC, 0.122, 0.0005);
    close(i.esKPa, 1.997, 0.001);
    close(i.eaKPa, 1.409, 0.001);
    close(i.vpdKPa, 0.589, 0.001);
    close(i.dr, 0.967, 0.0005);
    close(i.raMJm2, 41.09, 0.01);
    close(i.daylightHours, 16.1, 0.05);
    close(i.rsMJm2, 22.07, 0.01);
    expect(i.rsMethod).toBe("angstrom");
    close(i.rsoMJm2, 30.9, 0.01);
    close(i.rnsMJm2, 17.0, 0.01);
    close(i.rnlMJm2, 3.71, 0.01);
    close(i.rnMJm2, 13.28, 0.01);
    close(i.u2Ms, 2.078, 0.001);
    expect(i.gMJm2).toBe(0);
    close(r.eto, 3.88, 0.02);
    close(r.eto, 3.9, 0.05);
    expect(r.method).toBe("fao56");
    expect(r.unit).toBe("mm/d");
  });

  it("C-P10: Ex. 18 intermediates fed to Eq. 6 give 3.9", () => {
    close(eq.penmanMonteith(0.122, 13.28, 0, 0.0666, 16.9, 2.078, 1.997 - 1.409, 900, 0.34), 3.9, 0.05);
  });
});

describe("the seed system's defects are not repeated (eto.md C.3)", () => {
  it("net long-wave uses Rs/Rso (3.88 on Ex. 18), not Rs/Ra (the seed's 4.09)", () => {
    const r = etoDaily(EX18);
    const i = r.intermediates;
    // The seed on the same day: f = clamp(1.35·Rs/Ra − 0.35, 0.3, 1), T_K = T + 273.15, and ea from
    // RH mean (Eq. 19). eto.md C.3 item 1: f 0.375, Rnl 2.22, ETo 4.09.
    const f = Math.min(1, Math.max(0.3, (1.35 * i.rsMJm2) / i.raMJm2 - 0.35));
    close(f, 0.375, 0.001);
    const k4 = ((21.5 + 273.15) ** 4 + (12.3 + 273.15) ** 4) / 2;
    const seedWith = (ea: number) => {
      const rnl = 4.903e-9 * k4 * (0.34 - 0.14 * Math.sqrt(ea)) * f;
      const eto = eq.penmanMonteith(
        i.deltaKPaC,
        i.rnsMJm2 - rnl,
        0,
        i.gammaKPaC,
        16.9,
        i.u2Ms,
        i.esKPa - ea,
        900,
        0.34,
      );
      return { rnl, eto };
    };
    const seed = seedWith(((84 + 63) / 2 / 100) * i.esKPa);
    close(seed.rnl, 2.22, 0.01);
    close(seed.eto, 4.09, 0.02);
    // Rs/Ra alone (our humidity) is +0.3 mm; FAO's Rs/Rso gives Rnl 3.71 and 3.88.
    expect(seedWith(i.eaKPa).eto - r.eto).toBeGreaterThan(0.25);
    close(i.rsRsoRatio, i.rsMJm2 / i.rsoMJm2, 1e-12);
    close(i.rnlMJm2, 3.71, 0.01);
    close(r.eto, 3.88, 0.02);
  });

  it("uses RHmax/RHmin when both exist (3.88), not RHmean (3.79)", () => {
    close(etoDaily(EX18).eto, 3.88, 0.02);
    close(etoDaily({ ...EX18, rhmax: undefined, rhmin: undefined, rhmean: (84 + 63) / 2 }).eto, 3.79, 0.02);
  });

  it("never clamps: ETo may be negative on a cold, still, saturated, dark day", () => {
    const r = etoDaily({ ...EX18, date: "2025-12-21", tmax: 1, tmin: 0, rhmax: 100, rhmin: 100, windSpeed: 0, rs: 0 });
    expect(r.eto).toBeLessThan(0);
    expect(Number.isFinite(r.eto)).toBe(true);
  });
});

describe("preferred data order", () => {
  const all = { ...EX18, tdew: 9, ea: 1.3, rhmean: 70 };
  it.each([
    [{}, "tdew"],
    [{ tdew: undefined }, "ea"],
    [{ tdew: undefined, ea: undefined }, "rhmax-rhmin"],
    [{ tdew: undefined, ea: undefined, rhmin: undefined }, "rhmax"],
    [{ tdew: undefined, ea: undefined, rhmin: undefined, rhmax: undefined }, "rhmean"],
    [{ tdew: undefined, ea: undefined, rhmin: undefined, rhmax: undefined, rhmean: undefined }, "tmin"],
  ] as const)("%o → ea from %s", (patch, how) => {
    const i = etoDaily({ ...all, ...patch }).intermediates;
    expect(i.eaMethod).toBe(how);
    const expected: Record<string, number> = {
      tdew: eq.satVapourKPa(9),
      ea: 1.3,
      "rhmax-rhmin": 1.409,
      rhmax: (eq.satVapourKPa(12.3) * 84) / 100,
      rhmean: 0.7 * 1.997,
      tmin: eq.satVapourKPa(12.3),
    };
    close(i.eaKPa, expected[how]!, 0.001);
  });

  it("Rs: measured > Angström > Hargreaves (coastal kRs 0.19)", () => {
    expect(etoDaily({ ...EX18, rs: 20 }).intermediates).toMatchObject({ rsMJm2: 20, rsMethod: "measured" });
    expect(etoDaily(EX18).intermediates.rsMethod).toBe("angstrom");
    const ra = etoDaily(EX18).intermediates.raMJm2;
    const h = etoDaily({ ...EX18, sunshineHours: undefined }).intermediates;
    expect(h.rsMethod).toBe("hargreaves");
    close(h.rsMJm2, 0.16 * Math.sqrt(9.2) * ra, 1e-9);
    close(
      etoDaily({ ...EX18, sunshineHours: undefined, coastal: true }).intermediates.rsMJm2,
      0.19 * Math.sqrt(9.2) * ra,
      1e-9,
    );
  });

  it("G from the input (monthly steps) lowers ETo by 0.408·Δ·G/denominator", () => {
    const a = etoDaily(EX18);
    const b = etoDaily({ ...EX18, g: 0.5 });
    expect(b.intermediates.gMJm2).toBe(0.5);
    expect(b.eto).toBeLessThan(a.eto);
  });

  it("method asce is declared and, for short grass daily, uses the same equations as FAO-56", () => {
    const r = etoDaily({ ...EX18, method: "asce" });
    expect(r.method).toBe("asce");
    expect(r.eto).toBe(etoDaily(EX18).eto);
  });
});

describe("polar days and nights", () => {
  it.each([
    ["June at 80°N", 80, "2025-06-21"],
    ["December at 80°N", 80, "2025-12-21"],
    ["June at 80°S", -80, "2025-06-21"],
    ["the North Pole in March", 90, "2025-03-20"],
    ["the South Pole in January", -90, "2025-01-15"],
  ])("%s: finite, no NaN", (_name, latitude, date) => {
    for (const extra of [{}, { rs: 0 }, { sunshineHours: 0 }]) {
      const r = etoDaily({ ...EX18, latitude, date, tmax: 2, tmin: -5, sunshineHours: undefined, ...extra });
      for (const v of [r.eto, ...Object.values(r.intermediates)]) {
        if (typeof v === "number") expect(Number.isFinite(v), JSON.stringify(r)).toBe(true);
      }
    }
  });

  it("midnight sun: ωs = π, N = 24; polar night: Ra = 0, Rs/Rso defaulted and flagged", () => {
    const day = etoDaily({ ...EX18, latitude: 80, date: "2025-06-21", sunshineHours: undefined }).intermediates;
    close(day.sunsetAngleRad, Math.PI, 1e-12);
    close(day.daylightHours, 24, 1e-9);
    expect(day.raMJm2).toBeGreaterThan(40);
    const night = etoDaily({ ...EX18, latitude: 80, date: "2025-12-21", sunshineHours: undefined }).intermediates;
    expect(night.sunsetAngleRad).toBe(0);
    expect(night.raMJm2).toBe(0);
    expect(night.rsoMJm2).toBe(0);
    expect(night.rsRsoSource).toBe("polar-night-default");
  });
});

describe("bad input names the field and the limit", () => {
  it.each([
    [{ latitude: 91 }, "latitude", /from -90 to 90/],
    [{ latitude: Number.NaN }, "latitude", /number/],
    [{ elevation: 10_000 }, "elevation", /9,000/],
    [{ tmin: 25 }, "tmin", /at most tmax/],
    [{ tmax: 70 }, "tmax", /60/],
    [{ rhmax: 101 }, "rhmax", /0 to 100/],
    [{ rhmin: -1 }, "rhmin", /0 to 100/],
    [{ rhmin: 90 }, "rhmin", /at most rhmax/],
    [{ tdew: 30 }, "tdew", /at most tmax/],
    [{ windSpeed: -1 }, "windSpeed", /0 to 100/],
    [{ windSpeed: 150 }, "windSpeed", /km\/h/],
    [{ windHeight: 0.1 }, "windHeight", /0.5 to 100/],
    [{ rs: -0.1 }, "rs", /0 to 45/],
    [{ rs: 250 }, "rs", /W\/m²/],
    [{ rs: 30, date: "2025-12-21" }, "rs", /extraterrestrial radiation Ra/],
    [{ sunshineHours: 17 }, "sunshineHours", /daylight hours N = 16.1/],
    [{ date: "2025-02-30" }, "date", /real calendar date/],
    [{ dayOfYear: 12 }, "dayOfYear", /give one of them/],
    [{ date: undefined }, "date", /required/],
    [{ date: undefined, dayOfYear: 367 }, "dayOfYear", /1 to 366/],
    [{ g: 50 }, "g", /-10 to 10/],
    [{ coastal: "yes" }, "coastal", /true or false/],
    [{ method: "penman" }, "method", /fao56, asce/],
  ])("%o → %s", (patch, field, message) => {
    const err = inputError(() => etoDaily({ ...EX18, ...(patch as Partial<EtoDailyInput>) }));
    expect(err.field).toBe(field);
    expect(err.message).toMatch(message);
    expect(err.message.startsWith(field)).toBe(true);
  });
});

it("is deterministic: the same input gives the same result", () => {
  expect(etoDaily(EX18)).toEqual(etoDaily(EX18));
  expect(etoDaily({ ...EX18, date: undefined, dayOfYear: 187 }).eto).toBe(etoDaily(EX18).eto);
});
