import type { SqlDatabase, SqlExecutor } from "../db/sql";
import { settle, type LockedOrder } from "../orders/settlement";
import { ledgerIdOfDocument, parseFlag, parseLocalDate, requisite, type ExchangeDocument } from "./commerceml";

/*
 * What one document 1C sent does to the store (protocol file "Import rules", issue 13 §3), through
 * the settlement core with `source: "exchange"` (so it is not echoed back to 1C). One database
 * transaction per document; every outcome is a report line, never an exception.
 */

/** The ledger's provider name of money 1C recorded. */
export const PROVIDER_1C = "1c";

export type ReportAction = "payment" | "refund" | "refund_requested" | "cancel" | "cancel_requested" | "none";

/** One line of an import report: what a document did, or why it did nothing. */
export type ReportLine = {
  /** The document's position in the file (0-based). */
  index: number;
  /** `Ид` (or `Номер` when there is no `Ид`). */
  document: string;
  operation: string;
  /** The store's order number, when the document's order was found. */
  order: number | null;
  outcome: "applied" | "unchanged" | "refused";
  action: ReportAction;
  /** Tiyin, as a decimal integer string. */
  amount?: string;
  /** The ledger reference written or matched. */
  reference?: string;
  /** Why (refused / unchanged), a short stable code: `order_not_found`, `order_cancelled`, `paid`, … */
  reason?: string;
};

/** A refund of money paid online, to ask the provider for after the transaction commits. */
export type OnlineRefundRequest = { key: string; orderNumber: number; provider: string; ledgerId: number; amount: bigint; wholePayment: boolean };

type Context = { sql: SqlDatabase; timeZone: string; nowMs?: number; paymentDocumentsByOrder: ReadonlySet<string> };

const orderByIdSql = `SELECT "number" FROM "Order" WHERE "id" = ?`;
const paymentsSql = `SELECT p."id", p."provider", p."reference", p."amount",
       (SELECT COALESCE(SUM(r."amount"), 0) FROM "LedgerEntry" r WHERE r."kind" = 'refund' AND r."provider" = p."provider" AND r."refundOf" = p."reference") AS "refunded",
       (SELECT COALESCE(SUM(x."amount"), 0) FROM "Exchange1cRefund" x WHERE x."ledgerId" = p."id") AS "requested"
  FROM "LedgerEntry" p WHERE p."orderNumber" = ? AND p."kind" = 'payment' ORDER BY p."id" DESC`;
const refundSeenSql = `SELECT
    (SELECT COUNT(*) FROM "LedgerEntry" WHERE "kind" = 'refund' AND "provider" = ? AND ("reference" = ? OR "reference" LIKE ?)) AS "ledger",
    (SELECT COUNT(*) FROM "Exchange1cRefund" WHERE "key" LIKE ?) AS "requests"`;
const insertRefundRequestSql = `INSERT INTO "Exchange1cRefund" ("key", "orderNumber", "provider", "ledgerId", "amount", "state", "detail", "createdAt", "updatedAt")
  VALUES (?, ?, ?, ?, ?, 'pending', NULL, ?, ?) ON CONFLICT ("key") DO NOTHING`;

/** The order a document names: its `Ид`/`Основание` against the exported `Ид`, then as the order's `Номер`. */
async function findOrderNumber(tx: SqlExecutor, ...references: (string | null)[]): Promise<number | null> {
  for (const reference of references) {
    if (!reference) continue;
    const byId = await tx.get<{ number: number }>(orderByIdSql, [reference], { number: "number" });
    if (byId) return Number(byId.number);
  }
  for (const reference of references) {
    if (reference && /^\d{1,9}$/.test(reference)) {
      const byNumber = await tx.get<{ number: number }>(`SELECT "number" FROM "Order" WHERE "number" = ?`, [Number(reference)], { number: "number" });
      if (byNumber) return Number(byNumber.number);
    }
  }
  return null;
}

/** The key 1C's document is known by in the report and the ledger. */
export const documentKey = (document: ExchangeDocument) => document.id || document.number || `#${document.index}`;

/** Which orders have payment documents in this file (an order document's `Дата оплаты по 1С` then records nothing). */
export function ordersWithPaymentDocuments(documents: readonly ExchangeDocument[]): Set<string> {
  const seen = new Set<string>();
  for (const document of documents) if ((document.kind === "payment" || document.kind === "refund") && document.basis) seen.add(document.basis);
  return seen;
}

const isRefundFlag = (document: ExchangeDocument) =>
  parseFlag(requisite(document, "ПризнакВозврата", "Признак возврата")) === true;

/**
 * Applies one document; returns its report line and the online refunds to request once the
 * transaction has committed.
 */
export async function applyDocument(document: ExchangeDocument, context: Context): Promise<{ line: ReportLine; refunds: OnlineRefundRequest[] }> {
  const base = { index: document.index, document: documentKey(document), operation: document.operation };
  const refunds: OnlineRefundRequest[] = [];
  if (document.kind === "other") return { line: { ...base, order: null, outcome: "unchanged", action: "none", reason: "not_a_sale_document" }, refunds };
  const line = await settle(
    context.sql,
    async (session): Promise<ReportLine> => {
      const references = document.kind === "order" ? [document.id, document.number] : [document.basis];
      const number = await findOrderNumber(session.tx, ...references);
      if (number === null) return { ...base, order: null, outcome: "refused", action: "none", reason: "order_not_found" };
      const order = (await session.lock(number))!;
      const at = { ...base, order: number };
      if (document.kind === "order") return applyOrderDocument(document, order, session.tx, at, context, refunds);
      if (document.kind === "refund") return applyRefund(document, order, session.tx, at, refunds, document.sum, null);
      return applyPaymentDocument(document, order, session.tx, at, context, refunds);
    },
    { source: "exchange", now: context.nowMs === undefined ? undefined : () => context.nowMs! },
  );
  return { line, refunds };
}

type LineBase = Omit<ReportLine, "outcome" | "action">;

async function applyOrderDocument(
  document: ExchangeDocument,
  order: LockedOrder,
  tx: SqlExecutor,
  at: LineBase,
  context: Context,
  refunds: OnlineRefundRequest[],
): Promise<ReportLine> {
  const cancel = parseFlag(requisite(document, "Отменен")) === true || parseFlag(requisite(document, "ПометкаУдаления")) === true;
  if (cancel) {
    if (order.cancelled) return { ...at, outcome: "unchanged", action: "cancel", reason: "already_cancelled" };
    const outcome = order.requestCancel(PROVIDER_1C);
    if (!outcome.ok) return { ...at, outcome: "refused", action: "cancel", reason: "paid" };
    if (outcome.state === "requested") return { ...at, outcome: "applied", action: "cancel_requested", reason: "reserved" };
    return { ...at, outcome: "applied", action: "cancel" };
  }
  const paymentNumber = requisite(document, "Номер оплаты по 1С");
  if (isRefundFlag(document) || (parseFlag(requisite(document, "Оплачен")) === false && paymentNumber)) {
    return applyRefund(document, order, tx, at, refunds, null, paymentNumber || null);
  }
  const paidOn = parseLocalDate(requisite(document, "Дата оплаты по 1С"), context.timeZone);
  if (!paidOn) return { ...at, outcome: "unchanged", action: "none", reason: "nothing_to_apply" };
  if (context.paymentDocumentsByOrder.has(document.id) || context.paymentDocumentsByOrder.has(document.number)) {
    return { ...at, outcome: "unchanged", action: "none", reason: "paid_by_payment_documents" };
  }
  const reference = paymentNumber || `${documentKey(document)}:paid`;
  if (order.cancelled) return { ...at, outcome: "refused", action: "payment", reference, reason: "order_cancelled" };
  const outstanding = order.outstanding;
  if (outstanding <= 0n) return { ...at, outcome: "unchanged", action: "payment", reference, reason: "already_paid" };
  const recorded = await order.recordPayment({ provider: PROVIDER_1C, reference, amount: outstanding, at: paidOn });
  return { ...at, outcome: recorded.recorded ? "applied" : "unchanged", action: "payment", amount: outstanding.toString(), reference, ...(recorded.recorded ? {} : { reason: "already_recorded" }) };
}

async function applyPaymentDocument(
  document: ExchangeDocument,
  order: LockedOrder,
  tx: SqlExecutor,
  at: LineBase,
  context: Context,
  refunds: OnlineRefundRequest[],
): Promise<ReportLine> {
  const key = documentKey(document);
  const paidFlag = parseFlag(requisite(document, "Оплачен"));
  if (isRefundFlag(document) || paidFlag === false) return applyRefund(document, order, tx, at, refunds, document.sum, key);
  if (ledgerIdOfDocument(document.id) !== null) return { ...at, outcome: "unchanged", action: "none", reference: key, reason: "store_payment" };
  // An unposted or deleted document is no money received (yet): nothing recorded, the report says why.
  if (parseFlag(requisite(document, "Проведен")) === false) return { ...at, outcome: "unchanged", action: "payment", reference: key, reason: "not_posted" };
  if (parseFlag(requisite(document, "ПометкаУдаления")) === true) return { ...at, outcome: "unchanged", action: "payment", reference: key, reason: "deletion_marked" };
  if (document.sum === "invalid" || document.sum === null || document.sum <= 0n) return { ...at, outcome: "refused", action: "payment", reference: key, reason: "invalid_sum" };
  if (order.cancelled) return { ...at, outcome: "refused", action: "payment", reference: key, reason: "order_cancelled" };
  const paidOn = parseLocalDate(requisite(document, "Дата оплаты по 1С", "Дата оплаты") || `${document.date}${document.time ? `T${document.time}` : ""}`, context.timeZone);
  const recorded = await order.recordPayment({ provider: PROVIDER_1C, reference: key, amount: document.sum, at: paidOn ?? undefined });
  return {
    ...at,
    outcome: recorded.recorded ? "applied" : "unchanged",
    action: "payment",
    amount: document.sum.toString(),
    reference: key,
    ...(recorded.recorded ? {} : { reason: "already_recorded" }),
  };
}

type PaymentRow = { id: number; provider: string; reference: string; amount: bigint; refunded: bigint; requested: bigint };

/**
 * A refund 1C sent (issue 13 §3): `sum` tiyin (null = what is left of `paymentReference`, or of
 * every payment), keyed on the document. Money 1C received is refunded in the ledger at once;
 * money paid online becomes a request to its provider (after commit), the provider's
 * confirmation writing the ledger. Refused above what is paid and not yet refunded.
 */
async function applyRefund(
  document: ExchangeDocument,
  order: LockedOrder,
  tx: SqlExecutor,
  at: LineBase,
  refunds: OnlineRefundRequest[],
  sum: bigint | null | "invalid",
  paymentReference: string | null,
): Promise<ReportLine> {
  const key = documentKey(document);
  const seen = await tx.get<{ ledger: number; requests: number }>(refundSeenSql, [PROVIDER_1C, key, `${key}#%`, `${key}|%`], { ledger: "number", requests: "number" });
  if (Number(seen?.ledger ?? 0) + Number(seen?.requests ?? 0) > 0) return { ...at, outcome: "unchanged", action: "refund", reference: key, reason: "already_recorded" };
  if (sum === "invalid" || (sum !== null && sum <= 0n)) return { ...at, outcome: "refused", action: "refund", reference: key, reason: "invalid_sum" };
  const rows = (await tx.all<PaymentRow>(paymentsSql, [order.number], { id: "number", amount: "bigint", refunded: "bigint", requested: "bigint" })).map((row) => ({
    ...row,
    id: Number(row.id),
    amount: BigInt(row.amount),
    refunded: BigInt(row.refunded),
    requested: BigInt(row.requested),
  }));
  // Which payments the refund draws on: the one the document names, else 1C's money first, then online payments, newest first.
  const ownId = ledgerIdOfDocument(key);
  const named = rows.filter((row) => (ownId !== null ? row.id === ownId : row.provider === PROVIDER_1C && (row.reference === paymentReference || row.reference === key)));
  const pool = named.length > 0 ? named : paymentReference || ownId !== null ? [] : [...rows.filter((row) => row.provider === PROVIDER_1C), ...rows.filter((row) => row.provider !== PROVIDER_1C)];
  if (pool.length === 0) return { ...at, outcome: "unchanged", action: "refund", reference: key, reason: "no_such_payment" };
  // Refunds asked of a provider are confirmed into the ledger later: what is left counts whichever is larger.
  const left = (row: PaymentRow) => row.amount - (row.refunded > row.requested ? row.refunded : row.requested);
  const available = pool.reduce((total, row) => total + (left(row) > 0n ? left(row) : 0n), 0n);
  const amount = sum ?? available;
  if (amount <= 0n) return { ...at, outcome: "unchanged", action: "refund", reference: key, reason: "already_refunded" };
  if (amount > available || amount > order.paidAmount - order.refundedAmount) {
    return { ...at, outcome: "refused", action: "refund", amount: amount.toString(), reference: key, reason: "exceeds_paid" };
  }
  let remaining = amount;
  let part = 0;
  let requested = false;
  for (const row of pool) {
    if (remaining <= 0n) break;
    const take = left(row) < remaining ? left(row) : remaining;
    if (take <= 0n) continue;
    remaining -= take;
    part += 1;
    if (row.provider === PROVIDER_1C) {
      const reference = part === 1 ? key : `${key}#${part}`;
      const recorded = await order.recordRefund({ provider: PROVIDER_1C, reference, refundOf: row.reference, amount: take, requireApproval: false });
      if (!recorded.ok) return { ...at, outcome: "refused", action: "refund", amount: amount.toString(), reference: key, reason: recorded.reason };
    } else {
      const requestKey = `${key}|${row.reference}`;
      await tx.run(insertRefundRequestSql, [requestKey, order.number, row.provider, row.id, take, new Date(), new Date()]);
      refunds.push({ key: requestKey, orderNumber: order.number, provider: row.provider, ledgerId: row.id, amount: take, wholePayment: take === row.amount && row.refunded === 0n && row.requested === 0n });
      requested = true;
    }
  }
  return { ...at, outcome: "applied", action: requested ? "refund_requested" : "refund", amount: amount.toString(), reference: key };
}
