import type { Db } from "../db";
import { deriveOrderStatus, isPayable, notPayableReason, outstandingAmount, overpaidAmount } from "./order-status";

/** The links of an order's fiscal receipts, from its providers (lib/payments/registry.ts `fiscalReceiptsLoader`). */
export type FiscalReceiptsLoader = (orderNumber: number) => Promise<string[]>;

/**
 * `GET /api/orders/{id}` and the order page: amounts in tiyin as decimal integer strings.
 * `fiscalReceipts` fills `fiscalReceipts` (the providers' receipt links); without it, none.
 */
export async function getOrderView(db: Db, id: string, nowMs: number = Date.now(), fiscalReceipts?: FiscalReceiptsLoader) {
  const order = await db.order.findUnique({
    where: { id },
    include: {
      items: { orderBy: { position: "asc" } },
      ledger: { orderBy: { id: "asc" } },
      reservation: true,
    },
  });
  if (!order) return null;
  const status = deriveOrderStatus(order, nowMs);
  return {
    id: order.id,
    number: String(order.number),
    status,
    // A cancel requested while reserved (DESIGN.md "Cancel") also makes the order not payable.
    payable: isPayable(status) && !order.cancelRequestedAt,
    notPayableReason: notPayableReason(status) ?? (order.cancelRequestedAt ? "cancelled" : null),
    amount: order.amount.toString(),
    paidAmount: order.paidAmount.toString(),
    refundedAmount: order.refundedAmount.toString(),
    outstandingAmount: (outstandingAmount(order) > 0n ? outstandingAmount(order) : 0n).toString(),
    overpaidAmount: overpaidAmount(order).toString(),
    currency: order.currency,
    lang: order.lang,
    customer: {
      phone: order.customerPhone,
      email: order.customerEmail,
      name: order.customerName,
    },
    items: order.items.map((item) => ({
      sku: item.sku,
      title: item.title,
      quantity: item.quantity,
      unitPrice: item.unitPrice.toString(),
      total: (item.unitPrice * BigInt(item.quantity)).toString(),
      originalPrice: item.originalPrice.toString(),
      originalCurrency: item.originalCurrency,
    })),
    exchangeRates: order.exchangeRates ? (JSON.parse(order.exchangeRates) as Record<string, unknown>) : null,
    payments: order.ledger.map((entry) => ({
      kind: entry.kind,
      provider: entry.provider,
      reference: entry.reference,
      amount: entry.amount.toString(),
      at: entry.at.toISOString(),
    })),
    fiscalReceipts: fiscalReceipts ? await fiscalReceipts(order.number) : [],
    createdAt: order.createdAt.toISOString(),
  };
}
export type OrderView = NonNullable<Awaited<ReturnType<typeof getOrderView>>>;
