import { describe, expect, it } from "vitest";
import {
  currencySchema,
  formatMoney,
  formatMoneyPlain,
  fromDecimalString,
  MoneyParseError,
  parseMoney,
  sumMoney,
  toDecimalString,
} from "./money";

const NBSP = "\u00a0";

function parseError(run: () => unknown): MoneyParseError {
  try {
    run();
  } catch (error) {
    if (error instanceof MoneyParseError) {
      return error;
    }
    throw error;
  }
  throw new Error("expected a MoneyParseError");
}

describe("currencySchema", () => {
  it("accepts the four currencies and nothing else", () => {
    expect(currencySchema.options).toEqual(["UZS", "USD", "EUR", "RUB"]);
    expect(currencySchema.safeParse("USD").success).toBe(true);
    expect(currencySchema.safeParse("usd").success).toBe(false);
    expect(currencySchema.safeParse("GBP").success).toBe(false);
  });
});

describe("formatMoneyPlain", () => {
  it("renders whole sums in each locale", () => {
    expect(formatMoneyPlain(125_000_000n, "UZS", "uz")).toBe("1 250 000 so'm");
    expect(formatMoneyPlain(125_000_000n, "UZS", "ru")).toBe("1 250 000 сум");
    expect(formatMoneyPlain(125_000_000n, "UZS", "en")).toBe("UZS 1,250,000");
  });

  it("shows tiyin only when the fraction is not zero", () => {
    expect(formatMoneyPlain(125_000_050n, "UZS", "uz")).toBe("1 250 000,50 so'm");
    expect(formatMoneyPlain(125_000_050n, "UZS", "ru")).toBe("1 250 000,50 сум");
    expect(formatMoneyPlain(125_000_050n, "UZS", "en")).toBe("UZS 1,250,000.50");
    expect(formatMoneyPlain(105n, "UZS", "ru")).toBe("1,05 сум");
  });

  it("renders small and zero amounts without stray separators", () => {
    expect(formatMoneyPlain(0n, "UZS", "ru")).toBe("0 сум");
    expect(formatMoneyPlain(7n, "UZS", "en")).toBe("UZS 0.07");
    expect(formatMoneyPlain(99_900n, "UZS", "uz")).toBe("999 so'm");
    expect(formatMoneyPlain(100_000n, "UZS", "uz")).toBe("1 000 so'm");
    expect(formatMoneyPlain(0n, "USD", "en")).toBe("$0.00");
  });

  it("always shows two decimals for USD, EUR and RUB", () => {
    expect(formatMoneyPlain(1250n, "USD", "en")).toBe("$12.50");
    expect(formatMoneyPlain(1250n, "EUR", "en")).toBe("€12.50");
    expect(formatMoneyPlain(1250n, "RUB", "en")).toBe("RUB 12.50");
    expect(formatMoneyPlain(1250n, "USD", "ru")).toBe("12,50 $");
    expect(formatMoneyPlain(1250n, "EUR", "uz")).toBe("12,50 €");
    expect(formatMoneyPlain(1250n, "RUB", "ru")).toBe("12,50 ₽");
    expect(formatMoneyPlain(1200n, "USD", "uz")).toBe("12,00 $");
    expect(formatMoneyPlain(123_456_789n, "USD", "en")).toBe("$1,234,567.89");
    expect(formatMoneyPlain(123_456_789n, "RUB", "ru")).toBe("1 234 567,89 ₽");
  });

  it("puts the minus sign first", () => {
    expect(formatMoneyPlain(-125_000_050n, "UZS", "uz")).toBe("-1 250 000,50 so'm");
    expect(formatMoneyPlain(-125_000_000n, "UZS", "en")).toBe("-UZS 1,250,000");
    expect(formatMoneyPlain(-1250n, "USD", "en")).toBe("-$12.50");
    expect(formatMoneyPlain(-5n, "EUR", "ru")).toBe("-0,05 €");
  });

  it("keeps amounts beyond Number.MAX_SAFE_INTEGER exact", () => {
    expect(formatMoneyPlain(9_007_199_254_740_993_01n, "UZS", "en")).toBe("UZS 9,007,199,254,740,993.01");
  });
});

describe("formatMoney", () => {
  it("uses no-break spaces between groups and before the unit", () => {
    expect(formatMoney(125_000_000n, "UZS", "uz")).toBe(`1${NBSP}250${NBSP}000${NBSP}so'm`);
    expect(formatMoney(125_000_050n, "UZS", "ru")).toBe(`1${NBSP}250${NBSP}000,50${NBSP}сум`);
    expect(formatMoney(125_000_000n, "UZS", "en")).toBe(`UZS${NBSP}1,250,000`);
    expect(formatMoney(1250n, "RUB", "ru")).toBe(`12,50${NBSP}₽`);
    expect(formatMoney(125_000_000n, "UZS", "ru")).not.toContain(" ");
  });

  it("differs from the plain variant only in the kind of space", () => {
    for (const locale of ["ru", "uz", "en"] as const) {
      for (const currency of ["UZS", "USD", "EUR", "RUB"] as const) {
        const amount = -987_654_321n;
        expect(formatMoney(amount, currency, locale).replaceAll(NBSP, " ")).toBe(
          formatMoneyPlain(amount, currency, locale),
        );
      }
    }
  });
});

describe("parseMoney", () => {
  it("parses grouped, decimal and comma forms exactly", () => {
    expect(parseMoney("1 250 000", "UZS")).toBe(125_000_000n);
    expect(parseMoney("1250000.5", "UZS")).toBe(125_000_050n);
    expect(parseMoney("1 250 000,50", "UZS")).toBe(125_000_050n);
    expect(parseMoney("12.5", "USD")).toBe(1250n);
    expect(parseMoney("12", "EUR")).toBe(1200n);
    expect(parseMoney("0,07", "RUB")).toBe(7n);
  });

  it("accepts no-break and narrow no-break spaces as group separators and trims", () => {
    expect(parseMoney(`1${NBSP}250${NBSP}000,50`, "UZS")).toBe(125_000_050n);
    expect(parseMoney("1\u202f250\u202f000", "UZS")).toBe(125_000_000n);
    expect(parseMoney("  42.10 ", "USD")).toBe(4210n);
  });

  it("reads what formatMoney writes for ru and uz (number part)", () => {
    const shown = formatMoney(125_000_050n, "UZS", "ru").replace(`${NBSP}сум`, "");
    expect(parseMoney(shown, "UZS")).toBe(125_000_050n);
  });

  it("parses negative amounts", () => {
    expect(parseMoney("-12.50", "USD")).toBe(-1250n);
    expect(parseMoney("\u22121 000", "UZS")).toBe(-100_000n);
  });

  it("stays exact where floating point would not", () => {
    expect(parseMoney("0.29", "USD")).toBe(29n);
    expect(parseMoney("90071992547409931.01", "UZS")).toBe(9_007_199_254_740_993_101n);
  });

  it("rejects empty input", () => {
    expect(parseError(() => parseMoney("", "UZS")).code).toBe("empty");
    expect(parseError(() => parseMoney("   ", "UZS")).code).toBe("empty");
  });

  it("rejects more than two decimals", () => {
    const error = parseError(() => parseMoney("12.505", "USD"));
    expect(error.code).toBe("too_many_decimals");
    expect(error.input).toBe("12.505");
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("MoneyParseError");
  });

  it.each([
    "abc",
    "12a",
    "1e5",
    "12.",
    ".5",
    "1,250,000",
    "1 250.000,50",
    "12 50 000",
    "1  250",
    "--5",
    "+5",
    "$12.50",
    "1 250 000 so'm",
    "Infinity",
    "NaN",
  ])("rejects %j as invalid_format", (input) => {
    expect(parseError(() => parseMoney(input, "UZS")).code).toBe("invalid_format");
  });
});

describe("toDecimalString", () => {
  it("renders minor units with two decimals by default", () => {
    expect(toDecimalString(125_000_050n)).toBe("1250000.50");
    expect(toDecimalString(125_000_000n)).toBe("1250000.00");
    expect(toDecimalString(5n)).toBe("0.05");
    expect(toDecimalString(0n)).toBe("0.00");
    expect(toDecimalString(-50n)).toBe("-0.50");
  });

  it("honours other fraction digit counts", () => {
    expect(toDecimalString(1234n, 0)).toBe("1234");
    expect(toDecimalString(1234n, 3)).toBe("1.234");
    expect(toDecimalString(-1n, 4)).toBe("-0.0001");
  });

  it("rejects a fractional or negative digit count", () => {
    expect(() => toDecimalString(1n, 1.5)).toThrow(RangeError);
    expect(() => toDecimalString(1n, -1)).toThrow(RangeError);
  });
});

describe("fromDecimalString", () => {
  it("parses provider decimals exactly", () => {
    expect(fromDecimalString("1250000.50")).toBe(125_000_050n);
    expect(fromDecimalString("1250000.5")).toBe(125_000_050n);
    expect(fromDecimalString("1250000")).toBe(125_000_000n);
    expect(fromDecimalString("0.01")).toBe(1n);
    expect(fromDecimalString("-0.5")).toBe(-50n);
  });

  it("round-trips with toDecimalString", () => {
    for (const minor of [0n, 1n, -1n, 99n, 100n, 125_000_050n, -987_654_321n]) {
      expect(fromDecimalString(toDecimalString(minor))).toBe(minor);
    }
  });

  it.each(["", "1 250", "1,50", "1.505", "1.", ".5", "+1", "1e3", " 1", "0x10"])(
    "rejects %j",
    (input) => {
      const error = parseError(() => fromDecimalString(input));
      expect(error.code).toBe(input === "" ? "empty" : "invalid_format");
    },
  );
});

describe("sumMoney", () => {
  it("adds bigint amounts exactly", () => {
    expect(sumMoney([])).toBe(0n);
    expect(sumMoney([125_000_050n, 50n, -100n])).toBe(125_000_000n);
    expect(sumMoney([9_007_199_254_740_993n, 9_007_199_254_740_993n])).toBe(18_014_398_509_481_986n);
  });
});
