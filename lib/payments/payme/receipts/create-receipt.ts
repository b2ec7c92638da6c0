import type { SqlExecutor } from "../../../db/sql";
import { isPayable, notPayableReason, type OrderStatus } from "../../../orders/order-status";
import { settle, type SettlementSession } from "../../../orders/settlement";
// Registers Payme's lapse rule with the core (until the provider registry does).
import "../merchant-api/transactions";
import { toLocale } from "../../../i18n/locales";
import { paymeText } from "../messages";
import { buildFiscalDetail, type FiscalSourceItem } from "../fiscal-detail";
import { SubscribeError } from "../subscribe/errors";
import { cashboxFor, logLine, type ReceiptsContext } from "./context";
import { failure, receiptView, subscribeFailure, type ReceiptResult } from "./outcome";
import { findOrderById, insertReceiptRow } from "./receipt-rows";

async function fiscalItems(tx: SqlExecutor, orderNumber: number): Promise<FiscalSourceItem[]> {
  const rows = await tx.all<FiscalSourceItem>(
    `SELECT "title", "quantity", "unitPrice", "code", "packageCode", "vatPercent", "units" FROM "OrderItem" WHERE "orderNumber" = ? ORDER BY "position", "id"`,
    [orderNumber],
  );
  return rows.map((item) => ({ ...item, quantity: Number(item.quantity), unitPrice: BigInt(item.unitPrice), vatPercent: Number(item.vatPercent) }));
}

/**
 * The order's payable amount, read from the database (never from the client). Locks the order
 * through the settlement core, which cancels its expired Payme transactions (reason 4) as the
 * Merchant API does — never a held one — and drops a lapsed reservation.
 */
export async function payableOrder(session: SettlementSession, orderId: string) {
  const order = await findOrderById(session.tx, orderId);
  const locked = order && (await session.lock(order.number));
  if (!order || !locked) return { ok: false as const, result: failure("order_not_found") };
  const status = locked.status;
  if (!isPayable(status)) return { ok: false as const, result: failure("not_payable", notPayableReason(status)) };
  if (locked.cancelRequested) return { ok: false as const, result: failure("not_payable", "cancelled") };
  return { ok: true as const, order, locked, outstanding: locked.outstanding, reservation: locked.reservation };
}

/**
 * receipts.create for what the order still owes: amount = outstanding (from the database), the
 * fiscal `detail` from the order's items (a part already paid appears as discounts), account
 * `{order_id: <number>}` (the account field is a setting), a description in the order's
 * language, and `hold: true` when the funds are to be held. Creating a receipt does not reserve
 * the order; on a cashbox with billing Payme checks the account with CheckPerformTransaction.
 */
export async function createReceiptForOrder(ctx: ReceiptsContext, orderId: string, options: { hold?: boolean } = {}): Promise<ReceiptResult> {
  if (typeof orderId !== "string" || orderId.length === 0 || orderId.length > 64) return failure("invalid_input");
  const cashbox = await cashboxFor(ctx);
  if (!cashbox) return failure("not_configured");
  const prepared = await settle(
    ctx.sql,
    async (session) => {
      const payable = await payableOrder(session, orderId);
      if (!payable.ok) return payable;
      const items = await fiscalItems(session.tx, payable.order.number);
      return { ok: true as const, order: payable.order, outstanding: payable.outstanding, detail: buildFiscalDetail(items, payable.outstanding) };
    },
    { now: ctx.now },
  );
  if (!prepared.ok) return prepared.result;
  const { order, outstanding, detail } = prepared;
  if (outstanding > BigInt(Number.MAX_SAFE_INTEGER)) return failure("invalid_input");

  let receipt;
  try {
    ({ receipt } = await cashbox.client.receiptsCreate({
      amount: Number(outstanding),
      account: { [cashbox.settings.accountField]: order.number },
      description: paymeText("receipt.description", { number: order.number })[toLocale(order.lang) ?? "ru"],
      detail,
      ...(options.hold ? { hold: true } : {}),
    }));
  } catch (error) {
    if (!(error instanceof SubscribeError)) throw error;
    logLine(ctx, `receipts.create for order ${order.number} failed: ${error.kind} ${error.code}`);
    return subscribeFailure(error, "payme_error");
  }
  if (BigInt(receipt.amount) !== outstanding) {
    logLine(ctx, `receipts.create for order ${order.number} answered amount ${receipt.amount}, asked ${outstanding}`);
    return failure("amount_changed");
  }
  const row = await ctx.sql.transaction((tx) =>
    insertReceiptRow(tx, {
      paymeId: receipt._id,
      orderNumber: order.number,
      amount: outstanding,
      state: receipt.state,
      hold: options.hold === true,
      createTime: receipt.create_time,
    }),
  );
  const status = await ctx.sql.get<{ status: string }>(`SELECT "status" FROM "Order" WHERE "number" = ?`, [order.number]);
  return { ok: true, receipt: receiptView(row), orderStatus: status!.status as OrderStatus };
}
