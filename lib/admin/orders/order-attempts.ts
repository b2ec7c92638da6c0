import type { SqlExecutor } from "../../db/sql";
import type { ProviderAttempt } from "../../payments/provider";
import { paymentProviders } from "../../payments/registry";

/**
 * Every provider's attempts at paying one order (Payme's Merchant API transactions and Subscribe
 * receipts, Click's Prepares, Robokassa's invoices…), each from its registry entry's `attempts`,
 * in the registry's order, each provider's newest first. The admin order page lists them.
 */
export async function orderAttempts(sql: SqlExecutor, orderNumber: number): Promise<ProviderAttempt[]> {
  const lists = await Promise.all(paymentProviders.map((provider) => provider.attempts?.({ sql, orderNumber }) ?? []));
  return lists.flat();
}
