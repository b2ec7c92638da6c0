import type { SqlExecutor } from "../db/sql";
import { paymentProviders, type Provider } from "./registry";

/** A payment the shopper says was made on a provider's page, awaiting the provider's notice. */
export type PendingConfirmation = { provider: Provider; until: Date };

/**
 * Whether any provider awaits the notice of a payment of the order (the providers'
 * `confirmationPending`): the one awaited longest wins. The order page then says the payment is
 * being confirmed and offers no way to pay until `until` (or until the order is paid).
 * `null` when no provider awaits anything.
 */
export async function pendingConfirmation(input: { sql: SqlExecutor; orderNumber: number; nowMs: number }): Promise<PendingConfirmation | null> {
  let found: PendingConfirmation | null = null;
  for (const provider of paymentProviders) {
    const pending = await provider.confirmationPending?.(input);
    if (pending && pending.until.getTime() > input.nowMs && (!found || pending.until > found.until)) found = { provider: provider.id, until: pending.until };
  }
  return found;
}

/** The order view's `confirmation` field: `{provider, until}` (ISO time) while the order is payable, else null. */
export async function confirmationView(
  sql: SqlExecutor,
  order: { number: string; payable: boolean },
  nowMs: number = Date.now(),
): Promise<{ provider: Provider; until: string } | null> {
  if (!order.payable) return null;
  const pending = await pendingConfirmation({ sql, orderNumber: Number(order.number), nowMs });
  return pending && { provider: pending.provider, until: pending.until.toISOString() };
}
