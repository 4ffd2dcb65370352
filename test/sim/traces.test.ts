import { describe, expect, it } from "vitest";
import { csvToRps, parseNabCsv, resampleToMinutes, rescaleToPeak } from "../../optimizer/sim/csvTrace";
import { BUILTIN_TRACES, loadAt, parseBuiltinName } from "../../optimizer/sim/traces";

describe("built-in traces", () => {
  it("are deterministic per seed, non-negative and differ between seeds", () => {
    for (const name of BUILTIN_TRACES) {
      const a = Array.from({ length: 3000 }, (_, m) => loadAt({ kind: "builtin", name, seed: 5, peakRps: 100 }, m));
      const b = Array.from({ length: 3000 }, (_, m) => loadAt({ kind: "builtin", name, seed: 5, peakRps: 100 }, m));
      const c = Array.from({ length: 3000 }, (_, m) => loadAt({ kind: "builtin", name, seed: 6, peakRps: 100 }, m));
      expect(a).toEqual(b);
      expect(a).not.toEqual(c);
      expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    }
  });
  it("diurnal peaks in the afternoon and bottoms out at night", () => {
    const at = (h: number) => loadAt({ kind: "builtin", name: "diurnal", seed: 1, peakRps: 100 }, h * 60);
    expect(at(16)).toBeGreaterThan(2.5 * at(4));
  });
  it("weekly has lighter weekends (minute 0 = Monday)", () => {
    const day = (d: number) => loadAt({ kind: "builtin", name: "weekly", seed: 1, peakRps: 100 }, d * 1440 + 16 * 60);
    expect(day(5)).toBeLessThan(0.7 * day(2));
  });
  it("names the known traces on a bad name", () => {
    expect(() => parseBuiltinName("sawtooth")).toThrow(/diurnal, weekly/);
  });
  it("series traces repeat", () => {
    expect(loadAt({ kind: "series", name: "x", rps: [1, 2, 3] }, 4)).toBe(2);
  });
});

describe("NAB CSV traces", () => {
  const csv = "timestamp,value\n2015-07-10 14:00:00,10\n2015-07-10 14:05:00,20\n2015-07-10 14:10:00,0\n";
  it("parses, resamples to minutes by interpolation and rescales to the peak", () => {
    const points = parseNabCsv(csv, "t.csv");
    expect(points[1]).toEqual({ timestampMs: Date.UTC(2015, 6, 10, 14, 5), value: 20 });
    const minutes = resampleToMinutes(points);
    expect(minutes).toHaveLength(11);
    expect(minutes[2]).toBeCloseTo(14, 9);
    expect(minutes[7]).toBeCloseTo(12, 9);
    expect(rescaleToPeak(minutes, 100, "t.csv")[5]).toBeCloseTo(100, 9);
    expect(csvToRps(csv, "t.csv", 50)[0]).toBeCloseTo(25, 9);
  });
  it("names the file and line of bad input", () => {
    expect(() => parseNabCsv("time,v\n", "a.csv")).toThrow(/a\.csv:1: header/);
    expect(() => parseNabCsv("timestamp,value\n2015-07-10 14:00:00,abc\n", "b.csv")).toThrow(/b\.csv:2: value "abc"/);
    expect(() => parseNabCsv("timestamp,value\n2015-07-10 14:00:00,1\n2015-07-10 13:00:00,2\n", "c.csv")).toThrow(
      /c\.csv:3: .*not after/,
    );
    expect(() => parseNabCsv("timestamp,value\nyesterday,1\n", "d.csv")).toThrow(/d\.csv:2: timestamp/);
    expect(() => rescaleToPeak([0, -1], 10, "e.csv")).toThrow(/e\.csv: every value/);
  });
});
