import type { SqlDatabase } from "../db/sql";
import type { SqlExecutor } from "../db/sql";
import type { ProviderActionOutcome, ProviderAttempt } from "../payments/provider";
import { paymentProviders, providerById } from "../payments/registry";

/*
 * The admin's order and settings actions, dispatched to the provider's registry entry: the
 * server actions in app/admin/actions/ name no provider. Each hook audits its own outcome.
 */

type OrderTarget = { sql: SqlDatabase; ip: string; orderNumber: number };

/**
 * Refunds one payment of the ledger through its provider. `no_refund` when the provider (or 1C,
 * which is no provider of ours) cannot refund from here: the merchant refunds it there.
 */
export async function refundLedgerPayment(
  input: OrderTarget & { ledgerId: number },
): Promise<ProviderActionOutcome | { ok: false; reason: "no_refund"; provider: string }> {
  const entry = await input.sql.get<{ provider: string }>(`SELECT "provider" FROM "LedgerEntry" WHERE "id" = ? AND "orderNumber" = ? AND "kind" = 'payment'`, [
    input.ledgerId,
    input.orderNumber,
  ]);
  if (!entry) return { ok: false, reason: "not_found" };
  const refund = providerById(entry.provider)?.refund;
  if (!refund) return { ok: false, reason: "no_refund", provider: entry.provider };
  return refund(input);
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
