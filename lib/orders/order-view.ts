import type { Db } from "../db";
import { deriveOrderStatus, isPayable, notPayableReason, outstandingAmount, overpaidAmount } from "./order-status";

/** `GET /api/orders/{id}` and the order page: amounts in tiyin as decimal integer strings. */
export async function getOrderView(db: Db, id: string, nowMs: number = Date.now()) {
  const order = await db.order.findUnique({
    where: { id },
    include: {
      items: { orderBy: { position: "asc" } },
      ledger: { orderBy: { id: "asc" } },
      reservation: true,
      paymeTransactions: { select: { fiscalPerform: true }, orderBy: { id: "asc" } },
      paymeReceipts: { select: { fiscalData: true }, orderBy: { id: "asc" } },
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
    fiscalReceipts: fiscalReceiptUrls([
      ...order.paymeTransactions.map((transaction) => transaction.fiscalPerform),
      ...order.paymeReceipts.map((receipt) => performOf(receipt.fiscalData)),
    ]),
    createdAt: order.createdAt.toISOString(),
  };
}
export type OrderView = NonNullable<Awaited<ReturnType<typeof getOrderView>>>;

/** Subscribe receipts keep fiscal data per type: `{"PERFORM": {...}, "CANCEL": {...}}`. */
function performOf(fiscalData: string | null): string | null {
  if (!fiscalData) return null;
  const parsed = JSON.parse(fiscalData) as { PERFORM?: unknown };
  return parsed.PERFORM === undefined ? null : JSON.stringify(parsed.PERFORM);
}

/** The fiscal receipts' links (`qr_code_url` of Payme's SetFiscalData for the payment), once each. */
function fiscalReceiptUrls(fiscalData: (string | null)[]): string[] {
  const urls = new Set<string>();
  for (const text of fiscalData) {
    if (!text) continue;
    const url = (JSON.parse(text) as { qr_code_url?: unknown }).qr_code_url;
    if (typeof url === "string" && /^https?:\/\//.test(url)) urls.add(url);
  }
  return [...urls];
}
