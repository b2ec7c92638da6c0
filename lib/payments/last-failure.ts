import type { SqlExecutor } from "../db/sql";
import type { LocalizedText } from "../i18n/localized-text";
import { paymentProviders, type Provider } from "./registry";

/** The order view's `lastFailure`: the newest failed attempt, `at` as ISO time, the reason in every language. */
export type LastFailureView = { provider: Provider; at: string; message: LocalizedText };

/**
 * Why the order's last payment attempt failed, for the shopper's order page (issue 14 item 4):
 * the providers' `lastFailure` (each its newest attempt, when that failed), the newest of them.
 * Only while the order is payable and no payment is awaiting confirmation: a paid, reserved or
 * confirming order says its own state. `null` when the last attempt did not fail.
 */
export async function lastFailureView(
  sql: SqlExecutor,
  order: { number: string; payable: boolean },
  confirmation: unknown,
): Promise<LastFailureView | null> {
  if (!order.payable || confirmation) return null;
  let found: LastFailureView | null = null;
  let foundAt = -Infinity;
  for (const provider of paymentProviders) {
    const failure = await provider.lastFailure?.({ sql, orderNumber: Number(order.number) });
    if (failure && failure.at.getTime() > foundAt) {
      found = { provider: provider.id, at: failure.at.toISOString(), message: failure.message };
      foundAt = failure.at.getTime();
    }
  }
  return found;
}
