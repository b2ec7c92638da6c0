import { describe, expect, it } from "vitest";
import { outSumKopeksFromTiyin } from "./out-sum";
import {
  buildRobokassaReceipt,
  DESCRIPTION_MAX,
  robokassaDescription,
  robokassaReceiptDefaults,
  type ReceiptSourceItem,
  type RobokassaReceiptDefaults,
} from "./receipt";

const defaults: RobokassaReceiptDefaults = { sno: "osn", tax: "none", paymentMethod: "full_prepayment", paymentObject: "commodity" };

function sums(items: readonly ReceiptSourceItem[], outSum: bigint): bigint[] {
  const result = buildRobokassaReceipt(items, outSum, defaults);
  if (!result.ok) throw new Error(result.reason);
  return result.receipt.items.map((item) => item.sum);
}

describe("buildRobokassaReceipt", () => {
  it("writes the documented JSON with sums in roubles, adding up to OutSum", () => {
    const result = buildRobokassaReceipt(
      [
        { name: "Чай зелёный", quantity: 2, amount: 2_000_000n },
        { name: 'Кружка "Tolov"', quantity: 1, amount: 1_000_000n },
      ],
      30_000n,
      defaults,
    );
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.json).toBe(
      '{"sno":"osn","items":[' +
        '{"name":"Чай зелёный","quantity":2,"sum":200.00,"payment_method":"full_prepayment","payment_object":"commodity","tax":"none"},' +
        '{"name":"Кружка \\"Tolov\\"","quantity":1,"sum":100.00,"payment_method":"full_prepayment","payment_object":"commodity","tax":"none"}]}',
    );
    const parsed = JSON.parse(result.json) as { items: { sum: number }[] };
    expect(parsed.items.map((item) => item.sum)).toEqual([200, 100]);
  });

  it("rounds shares down and gives the remainder to the largest line", () => {
    // 100.00 roubles over three equal lines and a larger one.
    expect(sums(
      [
        { name: "a", quantity: 1, amount: 100n },
        { name: "b", quantity: 1, amount: 100n },
        { name: "c", quantity: 1, amount: 300n },
        { name: "d", quantity: 1, amount: 100n },
      ],
      10_000n,
    )).toEqual([1_666n, 1_666n, 5_002n, 1_666n]);
  });

  it("gives the remainder to the first of equal largest lines", () => {
    expect(sums([{ name: "a", quantity: 1, amount: 1n }, { name: "b", quantity: 1, amount: 1n }, { name: "c", quantity: 1, amount: 1n }], 100n)).toEqual([
      34n,
      33n,
      33n,
    ]);
  });

  it("adds up to an OutSum converted from tiyin and rounded up", () => {
    const items: ReceiptSourceItem[] = [
      { name: "a", quantity: 3, amount: 3_333_300n },
      { name: "b", quantity: 1, amount: 1_234_500n },
      { name: "c", quantity: 7, amount: 77_700n },
    ];
    const outSum = outSumKopeksFromTiyin(3_333_300n + 1_234_500n + 77_700n, { rate: "141.87" });
    expect(sums(items, outSum).reduce((a, b) => a + b, 0n)).toBe(outSum);
  });

  it("spreads a smaller outstanding amount over the lines (part already paid)", () => {
    // Order of 300 000 UZS of which 100 000 was paid: the receipt covers the 200 000 asked for.
    expect(sums([{ name: "a", quantity: 1, amount: 20_000_000n }, { name: "b", quantity: 1, amount: 10_000_000n }], 14_000n)).toEqual([9_334n, 4_666n]);
  });

  it("keeps a free line at zero", () => {
    expect(sums([{ name: "gift", quantity: 1, amount: 0n }, { name: "a", quantity: 1, amount: 500n }], 333n)).toEqual([0n, 333n]);
  });

  it("cuts long names to 128 characters and leaves out sno when not set", () => {
    const result = buildRobokassaReceipt([{ name: "Я".repeat(200), quantity: 1, amount: 100n }], 1n, { ...defaults, sno: undefined });
    expect(result.ok && result.receipt.items[0]!.name).toBe("Я".repeat(128));
    expect(result.ok && result.json.startsWith('{"items":[')).toBe(true);
  });

  it("refuses what cannot be a receipt", () => {
    const one = [{ name: "a", quantity: 1, amount: 100n }];
    expect(buildRobokassaReceipt([], 100n, defaults)).toEqual({ ok: false, reason: "no_items" });
    expect(buildRobokassaReceipt(one, 0n, defaults)).toEqual({ ok: false, reason: "bad_out_sum" });
    expect(buildRobokassaReceipt([{ name: "a", quantity: 0, amount: 100n }], 100n, defaults)).toEqual({ ok: false, reason: "bad_quantity" });
    expect(buildRobokassaReceipt([{ name: "a", quantity: 1.5, amount: 100n }], 100n, defaults)).toEqual({ ok: false, reason: "bad_quantity" });
    expect(buildRobokassaReceipt([{ name: "a", quantity: 1, amount: -1n }], 100n, defaults)).toEqual({ ok: false, reason: "negative_line" });
    expect(buildRobokassaReceipt([{ name: "a", quantity: 1, amount: 0n }], 100n, defaults)).toEqual({ ok: false, reason: "nothing_to_share" });
  });

  it("validates admin defaults with the documented vocabularies", () => {
    expect(robokassaReceiptDefaults.safeParse({ tax: "vat22", paymentMethod: "full_payment", paymentObject: "service" }).success).toBe(true);
    expect(robokassaReceiptDefaults.safeParse({ tax: "vat18", paymentMethod: "full_payment", paymentObject: "service" }).success).toBe(false);
  });
});

describe("robokassaDescription", () => {
  it("keeps at most 100 characters, whole characters only", () => {
    expect(Array.from(robokassaDescription("Заказ №1 ".repeat(30))).length).toBe(DESCRIPTION_MAX);
    expect(robokassaDescription("😀".repeat(150))).toBe("😀".repeat(100));
    expect(robokassaDescription("  Order\n #12  ")).toBe("Order #12");
  });
});
