import type { SqlDatabase } from "../db/sql";
import type { SqlExecutor } from "../db/sql";
import type { LocalizedText } from "../i18n/localized-text";
import type { ProviderActionOutcome, ProviderAttempt } from "../payments/provider";
import { paymentProviders, providerById } from "../payments/registry";

/*
 * The admin's order and settings actions, dispatched to the provider's registry entry: the
 * server actions in app/admin/actions/ name no provider. Each hook audits its own outcome.
 */

type OrderTarget = { sql: SqlDatabase; ip: string; orderNumber: number };

/** Tiyin of a ledger payment and what is left of it after the refunds recorded against it. */
const paymentLeftSql = `SELECT p."provider", p."amount",
       (SELECT COALESCE(SUM(r."amount"), 0) FROM "LedgerEntry" r
         WHERE r."kind" = 'refund' AND r."orderNumber" = p."orderNumber" AND r."provider" = p."provider"
           AND (r."refundOf" = p."reference" OR (r."refundOf" IS NULL AND r."reference" = p."reference"))) AS "refunded"
  FROM "LedgerEntry" p WHERE p."id" = ? AND p."orderNumber" = ? AND p."kind" = 'payment'`;

/**
 * Refunds one payment of the ledger through its provider: all that is left of it, or `amount`
 * tiyin where the provider refunds partially (`partialRefunds`). `no_refund` when the provider
 * (or 1C, which is no provider of ours) cannot refund from here: the merchant refunds it there.
 * `bad_amount` (with `left`, tiyin) for an amount ≤ 0 or above what is left of the payment, or
 * any amount for a provider that refunds whole payments only; the provider is not asked then.
 */
export async function refundLedgerPayment(
  input: OrderTarget & { ledgerId: number; amount?: bigint },
): Promise<ProviderActionOutcome | { ok: false; reason: "no_refund"; provider: string } | { ok: false; reason: "bad_amount"; left: bigint }> {
  const entry = await input.sql.get<{ provider: string; amount: bigint; refunded: bigint }>(paymentLeftSql, [input.ledgerId, input.orderNumber], {
    amount: "bigint",
    refunded: "bigint",
  });
  if (!entry) return { ok: false, reason: "not_found" };
  const provider = providerById(entry.provider);
  if (!provider?.refund) return { ok: false, reason: "no_refund", provider: entry.provider };
  const left = BigInt(entry.amount) - BigInt(entry.refunded);
  if (input.amount !== undefined) {
    if (!provider.partialRefunds || input.amount <= 0n || input.amount > left) return { ok: false, reason: "bad_amount", left };
  }
  return provider.refund(input);
}

/** Whether the admin may refund part of a payment of `provider` (the order page's amount field). */
export function canRefundPartially(provider: string): boolean {
  return Boolean(providerById(provider)?.partialRefunds);
}

/**
 * How each payment of the ledger is refunded, in the provider's own words (`refundNote` of the
 * registry), by ledger id; a payment of no provider of ours (1C) gets `null` — the page says it
 * is refunded where it was recorded.
 */
export async function refundNotes(sql: SqlExecutor, payments: readonly { id: number; provider: string; reference: string }[]): Promise<Map<number, LocalizedText | null>> {
  const notes = new Map<number, LocalizedText | null>();
  for (const payment of payments) {
    const provider = providerById(payment.provider);
    notes.set(payment.id, provider ? ((await provider.refundNote?.({ sql, reference: payment.reference })) ?? null) : null);
  }
  return notes;
}

/** Captures or releases the card hold on the order, whichever provider placed it (`no_hold` if none). */
export async function settleHold(input: OrderTarget & { how: "confirm" | "cancel" }): Promise<ProviderActionOutcome> {
  for (const provider of paymentProviders) {
    const hook = input.how === "confirm" ? provider.captureHold : provider.releaseHold;
    const outcome = await hook?.(input);
    if (outcome && (outcome.ok || outcome.reason !== "no_hold")) return outcome;
  }
  return { ok: false, reason: "no_hold" };
}

/** Sends the payment link again through `provider`, or the first provider that can send one. */
export async function resendInvoice(input: OrderTarget & { provider?: unknown }): Promise<ProviderActionOutcome> {
  const provider = input.provider ? providerById(input.provider) : paymentProviders.find((candidate) => candidate.resendInvoice);
  return (await provider?.resendInvoice?.(input)) ?? { ok: false, reason: "not_available" };
}

/** "Check connection" of the settings page; `not_available` for a provider without one. */
export async function checkProviderConnection(input: { sql: SqlDatabase; ip: string; provider: unknown }): Promise<ProviderActionOutcome> {
  return (await providerById(input.provider)?.checkConnection?.(input)) ?? { ok: false, reason: "not_available" };
}

/** Whether the settings page offers "check connection" for this section. */
export function canCheckConnection(id: string): boolean {
  return Boolean(providerById(id)?.checkConnection);
}

/** After a cancel: every provider withdraws what could still take money (unpaid receipts, links). */
export async function notifyOrderCancelled(orderNumber: number): Promise<void> {
  for (const provider of paymentProviders) await provider.onOrderCancelled?.({ orderNumber });
}

/** Every provider's attempts at paying the order (registry hook `attempts`), in the registry's order, each newest first. */
export async function orderAttempts(sql: SqlExecutor, orderNumber: number): Promise<ProviderAttempt[]> {
  const lists = await Promise.all(paymentProviders.map((provider) => provider.attempts?.({ sql, orderNumber }) ?? Promise.resolve([])));
  return lists.flat();
}
