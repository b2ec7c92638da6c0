// buildFiscalDetail lives one folder up (lib/payments/payme/fiscal-detail.ts); its tests sit
// with the Merchant API's, which is what asks for the detail.
import { describe, expect, it } from "vitest";
import { buildFiscalDetail, type FiscalSourceItem } from "../fiscal-detail";
import type { FiscalDetail } from "./schemas";

function item(unitPrice: bigint, quantity: number, overrides: Partial<FiscalSourceItem> = {}): FiscalSourceItem {
  return {
    title: `item ${unitPrice}×${quantity}`,
    quantity,
    unitPrice,
    code: "10899001001000000",
    packageCode: "1209779",
    vatPercent: 12,
    units: null,
    ...overrides,
  };
}

/** What the fiscal receipt charges: Σ price × count − discount. */
function charged(detail: FiscalDetail): bigint {
  return detail.items.reduce((sum, line) => sum + BigInt(line.price) * BigInt(line.count) - BigInt(line.discount ?? 0), 0n);
}

describe("buildFiscalDetail", () => {
  it("lists the items as they are, without discounts, for the full amount", () => {
    const items = [item(1_500_000n, 2, { units: 796 }), item(4_900_00n, 1)];
    const detail = buildFiscalDetail(items, 3_490_000n);
    expect(detail).toEqual({
      receipt_type: 0,
      items: [
        { title: "item 1500000×2", price: 1_500_000, count: 2, code: "10899001001000000", package_code: "1209779", vat_percent: 12, units: 796 },
        { title: "item 490000×1", price: 490_000, count: 1, code: "10899001001000000", package_code: "1209779", vat_percent: 12 },
      ],
    });
    expect(charged(detail)).toBe(3_490_000n);
  });

  it("spreads the part already paid over the lines as discounts in proportion to each line", () => {
    // Lines of 300 000 and 100 000; 100 000 paid → discounts 75 000 and 25 000.
    const detail = buildFiscalDetail([item(100_000n, 3), item(100_000n, 1)], 300_000n);
    expect(detail.items.map((line) => line.discount)).toEqual([75_000, 25_000]);
    expect(charged(detail)).toBe(300_000n);
  });

  it("gives the rounding remainder to the first lines, one tiyin at a time where there is room", () => {
    // Three equal lines, 100 tiyin paid: 33 each, and the 1 left over goes to the first line.
    const detail = buildFiscalDetail([item(1000n, 1), item(1000n, 1), item(1000n, 1)], 2900n);
    expect(detail.items.map((line) => line.discount)).toEqual([34, 33, 33]);
    expect(charged(detail)).toBe(2900n);
  });

  it("never discounts a line by more than its total", () => {
    const detail = buildFiscalDetail([item(1n, 1), item(1n, 1), item(999_998n, 1)], 1n);
    for (const [index, line] of detail.items.entries()) {
      expect(line.discount ?? 0, `line ${index}`).toBeLessThanOrEqual(line.price * line.count);
      expect(line.discount ?? 0, `line ${index}`).toBeGreaterThanOrEqual(0);
    }
    expect(charged(detail)).toBe(1n);
  });

  it("adds up to the amount asked for any split (property check over many carts)", () => {
    let seed = 20_240_601;
    const random = (limit: number) => {
      // A small deterministic generator (LCG), so a failure is reproducible.
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % limit;
    };
    for (let round = 0; round < 2000; round++) {
      const lines = 1 + random(6);
      const items = Array.from({ length: lines }, () => item(BigInt(1 + random(5_000_000)), 1 + random(20)));
      const total = items.reduce((sum, line) => sum + line.unitPrice * BigInt(line.quantity), 0n);
      const asked = 1n + BigInt(random(Number(total > 2_000_000_000n ? 2_000_000_000n : total)));
      const amountAsked = asked > total ? total : asked;
      const detail = buildFiscalDetail(items, amountAsked);
      expect(charged(detail), `round ${round}`).toBe(amountAsked);
      for (const line of detail.items) {
        expect(Number.isSafeInteger(line.discount ?? 0)).toBe(true);
        expect(line.discount ?? 0).toBeLessThanOrEqual(line.price * line.count);
        if (line.discount !== undefined) expect(line.discount).toBeGreaterThan(0);
      }
    }
  });

  it("handles amounts beyond 2^31 tiyin exactly", () => {
    const detail = buildFiscalDetail([item(3_000_000_000n, 7), item(1_234_567_891n, 3)], 20_000_000_001n);
    expect(charged(detail)).toBe(20_000_000_001n);
  });

  it("refuses an amount above the total or not positive", () => {
    expect(() => buildFiscalDetail([item(100n, 1)], 101n)).toThrow(RangeError);
    expect(() => buildFiscalDetail([item(100n, 1)], 0n)).toThrow(RangeError);
    expect(() => buildFiscalDetail([item(100n, 1)], -5n)).toThrow(RangeError);
  });
});
