import { z } from "zod";
import { formatOutSum } from "./out-sum";

/** 54-FZ receipt vocabularies (protocol file "Receipt"); admin defaults are validated with these. */
export const robokassaSno = z.enum(["osn", "usn_income", "usn_income_outcome", "esn", "patent"]);
export const robokassaTax = z.enum(["none", "vat0", "vat10", "vat110", "vat20", "vat120", "vat5", "vat7", "vat105", "vat107", "vat22", "vat122"]);
export const robokassaPaymentMethod = z.enum([
  "full_prepayment",
  "prepayment",
  "advance",
  "full_payment",
  "partial_payment",
  "credit",
  "credit_payment",
]);
export const robokassaPaymentObject = z.enum([
  "commodity",
  "excise",
  "job",
  "service",
  "gambling_bet",
  "gambling_prize",
  "lottery",
  "lottery_prize",
  "intellectual_activity",
  "payment",
  "agent_commission",
  "composite",
  "another",
]);

export const robokassaReceiptDefaults = z.object({
  sno: robokassaSno.optional(),
  tax: robokassaTax,
  paymentMethod: robokassaPaymentMethod,
  paymentObject: robokassaPaymentObject,
});
export type RobokassaReceiptDefaults = z.infer<typeof robokassaReceiptDefaults>;

/** Robokassa cuts item names at 128 characters; we cut them ourselves so the receipt is what we signed. */
export const RECEIPT_NAME_MAX = 128;

export type ReceiptSourceItem = {
  name: string;
  /** Whole units, as our orders have them. */
  quantity: number;
  /** Line total in tiyin (price × quantity, after discounts). */
  amount: bigint;
};

export type RobokassaReceiptItem = {
  name: string;
  quantity: number;
  /** Kopeks. */
  sum: bigint;
  payment_method: z.infer<typeof robokassaPaymentMethod>;
  payment_object: z.infer<typeof robokassaPaymentObject>;
  tax: z.infer<typeof robokassaTax>;
};

export type RobokassaReceipt = { sno?: z.infer<typeof robokassaSno>; items: RobokassaReceiptItem[] };

export type BuildReceiptResult =
  | { ok: true; receipt: RobokassaReceipt; json: string }
  | { ok: false; reason: "no_items" | "bad_quantity" | "negative_line" | "nothing_to_share" | "bad_out_sum" };

/** At most `max` characters (code points, so a name never ends in half an emoji). */
export function truncateText(text: string, max: number): string {
  const characters = Array.from(text.replace(/\s+/g, " ").trim());
  return characters.length <= max ? characters.join("") : characters.slice(0, max).join("");
}

/**
 * The 54-FZ Receipt for an OutSum of `outSum` kopeks. Lines share OutSum in proportion to their
 * tiyin totals — this covers both the currency conversion and an order of which part was
 * already paid (DESIGN.md "Outstanding"). Each share is rounded down to the kopek and the
 * remainder goes to the largest line (the first of equals), so the sums add up to OutSum
 * exactly, as Robokassa requires.
 */
export function buildRobokassaReceipt(
  items: readonly ReceiptSourceItem[],
  outSum: bigint,
  defaults: RobokassaReceiptDefaults,
): BuildReceiptResult {
  if (items.length === 0) return { ok: false, reason: "no_items" };
  if (outSum <= 0n) return { ok: false, reason: "bad_out_sum" };
  if (items.some((item) => !Number.isSafeInteger(item.quantity) || item.quantity <= 0)) return { ok: false, reason: "bad_quantity" };
  if (items.some((item) => item.amount < 0n)) return { ok: false, reason: "negative_line" };
  const total = items.reduce((sum, item) => sum + item.amount, 0n);
  if (total === 0n) return { ok: false, reason: "nothing_to_share" };

  const sums = items.map((item) => (item.amount * outSum) / total);
  let largest = 0;
  items.forEach((item, index) => {
    if (item.amount > items[largest]!.amount) largest = index;
  });
  sums[largest]! += outSum - sums.reduce((sum, value) => sum + value, 0n);

  const receipt: RobokassaReceipt = {
    ...(defaults.sno ? { sno: defaults.sno } : {}),
    items: items.map((item, index) => ({
      name: truncateText(item.name, RECEIPT_NAME_MAX),
      quantity: item.quantity,
      sum: sums[index]!,
      payment_method: defaults.paymentMethod,
      payment_object: defaults.paymentObject,
      tax: defaults.tax,
    })),
  };
  return { ok: true, receipt, json: serializeReceipt(receipt) };
}

/**
 * The Receipt's JSON text. Written by hand because `sum` is a JSON number in roubles
 * (`8.96`): printing it from kopeks keeps floats out, and the key order is fixed, so the text
 * we sign is stable.
 */
export function serializeReceipt(receipt: RobokassaReceipt): string {
  const items = receipt.items.map(
    (item) =>
      `{"name":${JSON.stringify(item.name)},"quantity":${item.quantity},"sum":${formatOutSum(item.sum)},` +
      `"payment_method":${JSON.stringify(item.payment_method)},"payment_object":${JSON.stringify(item.payment_object)},` +
      `"tax":${JSON.stringify(item.tax)}}`,
  );
  return `{${receipt.sno ? `"sno":${JSON.stringify(receipt.sno)},` : ""}"items":[${items.join(",")}]}`;
}

/** Robokassa's Description is at most 100 characters. */
export const DESCRIPTION_MAX = 100;

/** The payment's Description: whitespace collapsed, cut to 100 characters. */
export function robokassaDescription(text: string): string {
  return truncateText(text, DESCRIPTION_MAX);
}
