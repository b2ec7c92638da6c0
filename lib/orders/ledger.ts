/**
 * A ledger entry's provider: a plain string (`payme`, `click`, `robokassa`, `1c`, …) — the
 * settlement core (settlement.ts) knows no provider by name. Entries are written only there.
 */
export type LedgerProvider = string;
