import type { LedgerProvider } from "../../orders/ledger";
import { paymeAdminGateway } from "../payme-gateway-connect";
import { paymeReconciliationSource } from "./payme-source";
import type { ReconciliationSource } from "./types";

/** The providers whose own records can be compared with our ledger (Click and Robokassa add theirs here). */
export const reconcilableProviders = ["payme"] as const satisfies readonly LedgerProvider[];
export type ReconcilableProvider = (typeof reconcilableProviders)[number];

export function reconciliationSource(provider: ReconcilableProvider): ReconciliationSource | null {
  switch (provider) {
    case "payme": {
      const gateway = paymeAdminGateway();
      return gateway && paymeReconciliationSource(gateway);
    }
  }
}
