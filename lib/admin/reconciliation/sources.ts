import { paymentProviders, providerById, type Provider } from "../../payments/registry";
import type { ReconciliationSource } from "./types";

/** The providers whose own records can be compared with our ledger (each entry's `reconciliation`). */
export const reconcilableProviders: readonly Provider[] = paymentProviders.filter((provider) => provider.reconciliation).map((provider) => provider.id);
export type ReconcilableProvider = Provider;

/** The provider's side of a reconciliation, or null when it cannot be asked now (not configured). */
export async function reconciliationSource(provider: Provider): Promise<ReconciliationSource | null> {
  return (await providerById(provider)?.reconciliation?.()) ?? null;
}
