import { describe, expect, it } from "vitest";
import { formatClickAmount, MAX_CLICK_AMOUNT_TIYIN, parseClickAmount } from "./amount";

describe("parseClickAmount", () => {
  it.each([
    ["15000", 1_500_000n],
    ["15000.0", 1_500_000n],
    ["15000.00", 1_500_000n],
    ["15000.5", 1_500_050n],
    ["15000.05", 1_500_005n],
    ["0.01", 1n],
    ["0.10", 10n],
    ["1", 100n],
    ["999999999999.99", 99_999_999_999_999n],
  ])("%s → %s tiyin", (raw, tiyin) => {
    expect(parseClickAmount(raw)).toEqual({ ok: true, tiyin });
  });

  it("treats 15000, 15000.0 and 15000.00 as the same sum", () => {
    const values = ["15000", "15000.0", "15000.00"].map((raw) => parseClickAmount(raw));
    expect(new Set(values.map((value) => (value.ok ? value.tiyin : null)))).toEqual(new Set([1_500_000n]));
  });

  it.each([
    ["15000.001", "too_many_decimals"],
    ["15000.000", "too_many_decimals"],
    ["-15000", "format"],
    ["+15000", "format"],
    ["-0.01", "format"],
    ["1.5e4", "format"],
    ["1e4", "format"],
    ["15000E0", "format"],
    ["0x3a98", "format"],
    ["15 000", "format"],
    ["15,000.00", "format"],
    ["15000,00", "format"],
    [" 15000", "format"],
    ["15000 ", "format"],
    ["15000.", "format"],
    [".5", "format"],
    ["", "format"],
    ["015000", "format"],
    ["NaN", "format"],
    ["Infinity", "format"],
    ["١٥٠٠٠", "format"],
    ["0", "not_positive"],
    ["0.00", "not_positive"],
    ["1000000000000", "too_large"],
    ["1000000000000.00", "too_large"],
    ["99999999999999999999999999999", "too_large"],
  ])("refuses %j (%s)", (raw, reason) => {
    expect(parseClickAmount(raw)).toEqual({ ok: false, reason });
  });

  it("stays exact where floats would not (0.1 + 0.2)", () => {
    const a = parseClickAmount("0.1");
    const b = parseClickAmount("0.2");
    expect(a.ok && b.ok && a.tiyin + b.tiyin).toBe(30n);
  });

  it("refuses a huge digit string without building a huge bigint", () => {
    expect(parseClickAmount("9".repeat(100_000))).toEqual({ ok: false, reason: "too_large" });
  });

  it("accepts everything just below the limit", () => {
    const raw = formatClickAmount(MAX_CLICK_AMOUNT_TIYIN - 1n);
    expect(parseClickAmount(raw)).toEqual({ ok: true, tiyin: MAX_CLICK_AMOUNT_TIYIN - 1n });
  });
});

describe("formatClickAmount", () => {
  it.each([
    [1_500_000n, "15000.00"],
    [1_500_050n, "15000.50"],
    [1_500_005n, "15000.05"],
    [1n, "0.01"],
    [0n, "0.00"],
    [123_456_789_012_345n, "1234567890123.45"],
  ])("%s tiyin → %s", (tiyin, text) => {
    expect(formatClickAmount(tiyin)).toBe(text);
  });

  it("round-trips with parseClickAmount", () => {
    for (const tiyin of [1n, 99n, 100n, 101n, 1_500_000n, 9_999_999_999n]) {
      expect(parseClickAmount(formatClickAmount(tiyin))).toEqual({ ok: true, tiyin });
    }
  });

  it("throws on a negative amount", () => {
    expect(() => formatClickAmount(-1n)).toThrow(RangeError);
  });
});
