import { describe, expect, it } from "vitest";
import { convertToTiyin, type ExchangeRate } from "../../money/exchange-rates";
import { formatOutSum, outSumKopeksFromTiyin, parseOutSum } from "./out-sum";

const rub = (rate: string): ExchangeRate => ({ currency: "RUB", rate, nominal: "1", date: "2026-11-30", source: "cbu" });

describe("outSumKopeksFromTiyin", () => {
  it("divides tiyin by the UZS-per-RUB rate exactly when it divides", () => {
    // 142.35 UZS per rouble: 14 235 000 tiyin (142 350 UZS) is exactly 1000 roubles.
    expect(outSumKopeksFromTiyin(14_235_000n, rub("142.35"))).toBe(100_000n);
  });

  it("rounds up to the kopek, so the shop never gets less than the outstanding amount", () => {
    // 100 000 UZS / 142.35 = 702.4938… roubles → 702.50.
    const kopeks = outSumKopeksFromTiyin(10_000_000n, rub("142.35"));
    expect(kopeks).toBe(70_250n);
    expect(convertToTiyin(kopeks, rub("142.35"))).toBeGreaterThanOrEqual(10_000_000n);
    expect(convertToTiyin(kopeks - 1n, rub("142.35"))).toBeLessThan(10_000_000n);
  });

  it("keeps every digit of a long CBU rate (no float rounding)", () => {
    // 1 tiyin at 141.123456789 UZS/RUB is 0.00708… kopeks → 1 kopek.
    expect(outSumKopeksFromTiyin(1n, rub("141.123456789"))).toBe(1n);
    // 9 007 199 254 740 993 tiyin (above 2^53) at rate 1 stays exact.
    expect(outSumKopeksFromTiyin(9_007_199_254_740_993n, rub("1"))).toBe(9_007_199_254_740_993n);
    expect(outSumKopeksFromTiyin(9_007_199_254_740_993n, rub("1.00"))).toBe(9_007_199_254_740_993n);
  });

  it("refuses a non-positive amount and a malformed rate", () => {
    expect(() => outSumKopeksFromTiyin(0n, rub("142.35"))).toThrow(RangeError);
    expect(() => outSumKopeksFromTiyin(-5n, rub("142.35"))).toThrow(RangeError);
    expect(() => outSumKopeksFromTiyin(100n, rub("0.00"))).toThrow(RangeError);
    expect(() => outSumKopeksFromTiyin(100n, rub("1e2"))).toThrow(RangeError);
  });
});

describe("formatOutSum", () => {
  it.each([
    [896n, "8.96"],
    [5n, "0.05"],
    [0n, "0.00"],
    [10_000n, "100.00"],
    [12_345_678_901n, "123456789.01"],
  ])("%s kopeks → %s", (kopeks, text) => {
    expect(formatOutSum(kopeks)).toBe(text);
  });
});

describe("parseOutSum", () => {
  it.each([
    ["100.26", 10_026n],
    ["100.260000", 10_026n],
    ["10.000000", 1_000n],
    ["10", 1_000n],
    ["10.5", 1_050n],
    ["0.01", 1n],
  ])("%s → %s kopeks", (text, kopeks) => {
    expect(parseOutSum(text)).toEqual({ ok: true, kopeks });
  });

  it("refuses a fraction of a kopek", () => {
    expect(parseOutSum("100.261000")).toEqual({ ok: false, reason: "fraction_of_kopek" });
  });

  it.each(["", "1,50", "-1.00", "1e3", " 1.00", "1.", ".5", "0x10", "1.000000000", "123456789012345678"])("refuses %j", (text) => {
    expect(parseOutSum(text)).toEqual({ ok: false, reason: "malformed" });
  });
});
