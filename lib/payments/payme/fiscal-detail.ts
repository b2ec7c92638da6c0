import type { OrderItemForFiscal } from "../../orders/order-items";
import type { FiscalDetail, FiscalItem } from "./merchant-api/schemas";

/** An order line as lib/orders/order-items.ts reads it (tiyin). */
export type FiscalSourceItem = OrderItemForFiscal;

/**
 * Payme's fiscal `detail` for the amount asked. When part of the order is already paid (1C
 * recorded it), the items still add up to the amount asked: the paid part is spread over the
 * lines as `discount`s, in proportion to each line's total (remainders go to the first lines).
 */
export function buildFiscalDetail(items: FiscalSourceItem[], amountAsked: bigint): FiscalDetail {
  const lineTotals = items.map((item) => item.unitPrice * BigInt(item.quantity));
  const total = lineTotals.reduce((sum, value) => sum + value, 0n);
  if (amountAsked > total || amountAsked <= 0n) throw new RangeError("amount asked must be within the order total");
  const discountTotal = total - amountAsked;
  const discounts = lineTotals.map((line) => (total === 0n ? 0n : (discountTotal * line) / total));
  let remainder = discountTotal - discounts.reduce((sum, value) => sum + value, 0n);
  for (let index = 0; remainder > 0n && index < discounts.length; index++) {
    const room = lineTotals[index]! - discounts[index]!;
    const add = room < remainder ? room : remainder;
    discounts[index] = discounts[index]! + add;
    remainder -= add;
  }
  return {
    receipt_type: 0,
    items: items.map((item, index): FiscalItem => {
      const line: FiscalItem = {
        title: item.title,
        price: Number(item.unitPrice),
        count: item.quantity,
        code: item.code,
        package_code: item.packageCode,
        vat_percent: item.vatPercent,
      };
      if (item.units !== null) line.units = item.units;
      if (discounts[index]! > 0n) line.discount = Number(discounts[index]);
      return line;
    }),
  };
}
