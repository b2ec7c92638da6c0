import type { SqlDatabase } from "../../../db/sql";
import { readReservation } from "../../../orders/reservation";
import { recordAudit } from "../../../admin/audit";
import { approveRefund } from "../../../admin/orders/order-actions";
import type { GatewayFailure, PaymeAdminGateway, PaymeReceiptSnapshot } from "./payme-gateway";

/**
 * The admin's Payme actions, on top of the PaymeAdminGateway (payme-gateway.ts). Each one is
 * audited with its outcome; none of them trusts the browser for amounts or ids beyond naming
 * the order and the ledger entry, which are re-read from the database.
 */
export type PaymeActionDeps = { sql: SqlDatabase; gateway: PaymeAdminGateway | null; ip: string };

export type PaymeActionOutcome =
  | { ok: true; receipt?: PaymeReceiptSnapshot; count?: number }
  | { ok: false; reason: "not_available" }
  | { ok: false; reason: "not_found" | "not_a_payme_payment" | "already_refunded" | "no_hold" | "no_phone" }
  /** A payment made on Payme's hosted checkout: refunded in Payme's cabinet, arriving as CancelTransaction (already approved). */
  | { ok: false; reason: "refund_in_cabinet" }
  | { ok: false; reason: "provider_error"; failure: GatewayFailure };

const target = (orderNumber: number) => `order:${orderNumber}`;

/** The order's opaque id (the receipts domain addresses orders by it) and phone. */
async function orderRef(sql: SqlDatabase, orderNumber: number) {
  return sql.get<{ id: string; customerPhone: string | null }>(`SELECT "id", "customerPhone" FROM "Order" WHERE "number" = ?`, [orderNumber]);
}

/**
 * Refunds one Payme payment: approves the refund first (so the CancelTransaction that follows
 * is accepted even for a fulfilled order), then cancels its Subscribe receipt. A payment made on
 * the hosted checkout has no receipt of ours: the merchant refunds it in Payme's cabinet.
 */
export async function refundPaymePayment(deps: PaymeActionDeps, orderNumber: number, ledgerId: number): Promise<PaymeActionOutcome> {
  const entry = await deps.sql.get<{ provider: string; kind: string }>(
    `SELECT "provider", "kind" FROM "LedgerEntry" WHERE "id" = ? AND "orderNumber" = ?`,
    [ledgerId, orderNumber],
  );
  if (!entry || entry.kind !== "payment") return { ok: false, reason: "not_found" };
  if (entry.provider !== "payme") return { ok: false, reason: "not_a_payme_payment" };
  const approved = await approveRefund(deps.sql, orderNumber, ledgerId);
  if (!approved.ok) return { ok: false, reason: approved.reason === "already_refunded" ? "already_refunded" : "not_found" };
  if (approved.changed) {
    await recordAudit(deps.sql, { action: "order.approve_refund", outcome: "ok", ip: deps.ip, target: target(orderNumber), detail: { ledgerId, provider: "payme" } });
  }
  const detail = { ledgerId, reference: approved.reference, amount: approved.amount.toString() };
  if (!deps.gateway) {
    await recordAudit(deps.sql, { action: "order.refund", outcome: "refused", ip: deps.ip, target: target(orderNumber), detail: { ...detail, reason: "not_available" } });
    return { ok: false, reason: "not_available" };
  }
  const receipt = await deps.gateway.receiptOf(approved.reference);
  if (!receipt) {
    await recordAudit(deps.sql, { action: "order.refund", outcome: "refused", ip: deps.ip, target: target(orderNumber), detail: { ...detail, reason: "refund_in_cabinet" } });
    return { ok: false, reason: "refund_in_cabinet" };
  }
  const order = (await orderRef(deps.sql, orderNumber))!;
  const result = await deps.gateway.cancelReceipt({ orderId: order.id, receiptId: receipt.id });
  await recordAudit(deps.sql, {
    action: "order.refund",
    outcome: result.ok ? "ok" : "failed",
    ip: deps.ip,
    target: target(orderNumber),
    detail: result.ok ? { ...detail, receiptState: result.receipt.state } : { ...detail, paymeCode: result.code },
  });
  return result.ok ? { ok: true, receipt: result.receipt } : { ok: false, reason: "provider_error", failure: result };
}

/** The order's held Payme receipt (the hold reservation names it). */
async function heldReceiptId(sql: SqlDatabase, orderNumber: number): Promise<string | null> {
  const reservation = await readReservation(sql, orderNumber);
  return reservation && reservation.held && reservation.provider === "payme" ? reservation.reference : null;
}

export async function settlePaymeHold(deps: PaymeActionDeps, orderNumber: number, how: "confirm" | "cancel"): Promise<PaymeActionOutcome> {
  const action = how === "confirm" ? "payme.hold_confirm" : "payme.hold_cancel";
  const receiptId = await heldReceiptId(deps.sql, orderNumber);
  if (!receiptId) return { ok: false, reason: "no_hold" };
  if (!deps.gateway) {
    await recordAudit(deps.sql, { action, outcome: "refused", ip: deps.ip, target: target(orderNumber), detail: { receiptId, reason: "not_available" } });
    return { ok: false, reason: "not_available" };
  }
  const order = await orderRef(deps.sql, orderNumber);
  if (!order) return { ok: false, reason: "not_found" };
  const ref = { orderId: order.id, receiptId };
  const result = how === "confirm" ? await deps.gateway.confirmHold(ref) : await deps.gateway.cancelReceipt(ref);
  await recordAudit(deps.sql, {
    action,
    outcome: result.ok ? "ok" : "failed",
    ip: deps.ip,
    target: target(orderNumber),
    detail: result.ok ? { receiptId, receiptState: result.receipt.state } : { receiptId, paymeCode: result.code },
  });
  return result.ok ? { ok: true, receipt: result.receipt } : { ok: false, reason: "provider_error", failure: result };
}

/** A new receipt for the outstanding amount, sent by Payme to the customer's phone as an SMS invoice. */
export async function resendPaymeInvoice(deps: PaymeActionDeps, orderNumber: number): Promise<PaymeActionOutcome> {
  const order = await orderRef(deps.sql, orderNumber);
  if (!order) return { ok: false, reason: "not_found" };
  if (!order.customerPhone) return { ok: false, reason: "no_phone" };
  if (!deps.gateway) return { ok: false, reason: "not_available" };
  const result = await deps.gateway.sendInvoice(order.id, order.customerPhone);
  await recordAudit(deps.sql, {
    action: "payme.invoice_resend",
    outcome: result.ok ? "ok" : "failed",
    ip: deps.ip,
    target: target(orderNumber),
    detail: result.ok ? { receiptId: result.receipt.id } : { paymeCode: result.code },
  });
  return result.ok ? { ok: true, receipt: result.receipt } : { ok: false, reason: "provider_error", failure: result };
}

/** "Check connection": receipts.get_all for the last hour with the stored key. */
export async function checkPaymeConnection(deps: PaymeActionDeps, nowMs: number = Date.now()): Promise<PaymeActionOutcome> {
  if (!deps.gateway) return { ok: false, reason: "not_available" };
  const result = await deps.gateway.listReceipts({ from: nowMs - 3_600_000, to: nowMs, count: 50, offset: 0 });
  await recordAudit(deps.sql, {
    action: "settings.check_connection",
    outcome: result.ok ? "ok" : "failed",
    ip: deps.ip,
    target: "settings:payme",
    detail: result.ok ? { receipts: result.receipts.length } : { paymeCode: result.code },
  });
  return result.ok ? { ok: true, count: result.receipts.length } : { ok: false, reason: "provider_error", failure: result };
}
