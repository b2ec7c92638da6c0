import type { LapseRule } from "../orders/settlement";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import type { ReconciliationSource } from "../admin/reconciliation/types";
import type { Db, SqlDatabase, SqlExecutor } from "../db";
import type { Env, PaymentsMode } from "../env";
import type { Locale } from "../i18n/locales";
import type { LocalizedText } from "../i18n/localized-text";
import type { FieldView } from "../merchant-keys/form-fields";
import type { OrderView } from "../orders/order-view";
import type { ProviderUrlEnv } from "./provider-urls";

/*
 * The provider contract (STYLE.md "A narrow provider contract"): one object per provider, one
 * input object and one output object per method, business outcomes as values. Every member but
 * `id`, `settings` and `readiness` is optional: a provider implements what it can. Types only —
 * this file loads no provider code, so any module may import it.
 */

/** One settings form of the admin: a provider's keys, the 1C exchange user. */
export type SettingsSection<Id extends string = string> = {
  id: Id;
  /** Every setting of the section is stored under `<prefix><field>` in the Setting table. */
  prefix: string;
  /** Submitted strings → stored strings; a secret left empty comes out `undefined` (keep it). */
  form: z.ZodType<Record<string, string | undefined>>;
  fields: FieldView[];
  /** Encrypted at rest, never sent to the browser (shown masked). */
  secrets: readonly string[];
  /** Fields that must be set before the section's `mode` may be `live`. */
  liveRequires?: readonly string[];
  /** What a setting never written means (the loaders' schema defaults): writing it changes nothing. */
  defaults: Readonly<Record<string, string>>;
  /**
   * What the environment seeds on an empty database (DESIGN.md "Contract"), sandbox credentials
   * (derived from APP_SECRET) filling what was not given in sandbox mode. `undefined` seeds nothing.
   */
  seed?(input: { env: Env; appSecret: string }): { values: Record<string, string | undefined>; secrets: Record<string, string | undefined> };
};

/** A failed payment attempt as the shopper's order page tells it: when it started and why. */
export type AttemptFailure = { at: Date; message: LocalizedText };

/** An address to paste into the provider's cabinet. `label` is an admin message key. */
export type CallbackUrl = { label: string; url: string; method: string };

/** A job `server.ts` runs every `intervalMs`, never two runs at once. */
export type PeriodicJob = { name: string; intervalMs: number; run(input: { sql: SqlDatabase; nowMs: number }): Promise<unknown> };

/**
 * A callback answered by `server.ts` before Next.js (DESIGN.md "Performance facts"): the exact
 * normalized path (no trailing slash) and a node:http handler. `enabled` reads the environment
 * once at start (e.g. TOLOV_PAYME_FAST_PATH=off sends the path to the framework's route).
 */
export type FastRoute = {
  path: string;
  enabled(input: { env: Env }): boolean;
  createHandler(): (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
};

/** A page of the provider's own under /admin (its route files), linked from the admin's menu. `label`: an admin message key. */
export type AdminPage = { path: `/admin/${string}`; label: string };

/** What every integration (payment provider or not) gives the admin and the server. */
export type Integration<Id extends string = string> = {
  id: Id;
  settings: SettingsSection<Id>;
  adminPages?: readonly AdminPage[];
  callbackUrls?(input: { publicUrl: string }): CallbackUrl[];
  jobs?: readonly PeriodicJob[];
  fastRoutes?: readonly FastRoute[];
};

/** A provider's configuration as the checkout and the sandbox need it. */
export type Readiness = {
  mode: PaymentsMode;
  /** The credentials of the current mode are present (the checkout offers only such providers). */
  configured: boolean;
};

/**
 * How to pay an order on a provider's hosted page (DESIGN.md "Contract"): `url` opens it with a
 * GET (link, QR code), `form` submits it (fields are a flat `{name: value}` map).
 */
export type PaymentRequest<Id extends string = string> = {
  provider: Id;
  url: string;
  form: { action: string; method: "POST" | "GET"; fields: Record<string, string> };
};

/** A payable order, priced from the database: the provider asks for exactly `outstanding` (tiyin). */
export type CheckoutInput = {
  order: OrderView;
  outstanding: bigint;
  lang: Locale;
  db: Db;
  sql: SqlExecutor;
  env: Env;
};

export type CheckoutOutcome<Id extends string = string> =
  | { ok: true; request: PaymentRequest<Id> }
  /** The merchant has not configured the provider: a sentence for the API's 400. */
  | { ok: false; reason: "not_configured"; message: string };

/** What the admin's action asked of a provider came to. `state` is the provider's own, for the message. */
export type ProviderActionOutcome =
  | { ok: true; state?: string | number; count?: number }
  | { ok: false; reason: "not_available" | "not_found" | "not_this_provider" | "already_refunded" | "no_hold" | "no_phone" }
  /** A payment made on the provider's hosted page that only the provider's cabinet can refund. */
  | { ok: false; reason: "refund_in_cabinet" }
  /**
   * The provider refused or cannot refund the payment: it is flagged "refund by hand" (DESIGN.md
   * "Refunds started elsewhere", `why` is the flag's reason) and the admin records the refund.
   */
  | { ok: false; reason: "refund_by_hand"; why: string }
  | { ok: false; reason: "provider_error"; code: number | string | null; message: LocalizedText };

/** The admin's context for an action: the database and the admin's address for the audit log. */
export type AdminActionInput = { sql: SqlDatabase; ip: string; orderNumber: number };

/** One attempt of the provider's (transaction, receipt, Prepare…) as the admin order page lists it. */
export type ProviderAttempt = {
  provider: string;
  /** The provider's id (the ledger's reference once paid). */
  reference: string;
  ourId: string;
  /** Tiyin. */
  amount: bigint;
  /** An admin message key (`receipt.held`, …) or the provider's raw state. */
  state: string;
  history: { at: Date; state: string; note?: string }[];
  fiscal: { kind: "perform" | "cancel"; url: string | null; receiptId: string | null }[];
  /** A card hold: when the network releases it unless captured. */
  holdLapsesAt?: Date | null;
  /** An invoice sent by SMS: to which phone. */
  invoicePhone?: string | null;
};

/**
 * The provider's lapse rule, run by the settlement core whenever an order that one of the
 * provider's attempts reserves is locked (DESIGN.md "Reservation": Payme cancels state-1
 * transactions older than 12 h with reason 4). It ends the attempts its provider considers
 * lapsed, in its own tables through `tx`, and frees the order with `order.release(…)`.
 */
export type OrderTouchedHook = LapseRule;

export type PaymentProvider<Id extends string = string, AuditName extends string = string> = Integration<Id> & {
  /**
   * The provider's own audit-log actions, without the `<id>.` prefix (Payme: `hold_confirm`…):
   * its code records `<id>.<name>` (lib/admin/audit.ts); the admin shows the message
   * `audit.action.<id>.<name>`.
   */
  auditActions?: readonly AuditName[];
  readiness(input: { sql: SqlExecutor; appSecret: string }): Promise<Readiness>;
  /**
   * Origins the shopper's browser calls directly from our pages in `mode` (Payme: the Subscribe
   * endpoint of the card form), allowed in the pages' CSP `connect-src` (proxy.ts). Absent: none.
   */
  browserOrigins?(input: { mode: PaymentsMode; env: ProviderUrlEnv }): string[];
  /** The hosted-checkout request for `POST /api/orders/{id}/payments`; absent: not offered yet. */
  checkout?(input: CheckoutInput): Promise<CheckoutOutcome<Id>>;
  /**
   * Refund one payment of the ledger (the admin's "refund"), approving it first where the model
   * needs it. `amount` (tiyin, 0 < amount ≤ what is left of the payment, checked by the caller)
   * is given only when `partialRefunds` is true; omitted, all that is left of the payment.
   */
  refund?(input: AdminActionInput & { ledgerId: number; amount?: bigint }): Promise<ProviderActionOutcome>;
  /** `refund` can return part of a payment: the admin order page asks for an amount. */
  partialRefunds?: boolean;
  /**
   * How one payment of this provider (ledger `reference`) is refunded, in words for the admin
   * order page: by the Refund button or in the provider's cabinet, in full only (and why) or in
   * part. Where the provider has several ways to pay (Payme: the card form on our page, or its
   * own page), the sentence fits the way this payment was made. Absent: no note.
   */
  refundNote?(input: { sql: SqlExecutor; reference: string }): Promise<LocalizedText>;
  /** Capture / release a card hold the provider placed on the order (`no_hold` when it holds none). */
  captureHold?(input: AdminActionInput): Promise<ProviderActionOutcome>;
  releaseHold?(input: AdminActionInput): Promise<ProviderActionOutcome>;
  /** Send the shopper a payment link again (Payme: an SMS invoice). */
  resendInvoice?(input: AdminActionInput): Promise<ProviderActionOutcome>;
  /** "Check connection" on the settings page. */
  checkConnection?(input: { sql: SqlDatabase; ip: string }): Promise<ProviderActionOutcome>;
  onOrderTouched?: OrderTouchedHook;
  /** The order was cancelled: withdraw whatever of the provider's could still take money. */
  onOrderCancelled?(input: { orderNumber: number }): Promise<void>;
  /**
   * The shopper came back from the provider's page saying it paid, but the provider's own
   * notice of the payment has not come: until `until` the order page says the payment is being
   * confirmed, keeps polling and offers no other way to pay. `null` when nothing is awaited
   * (none was seen, the notice came, or the time ran out).
   */
  confirmationPending?(input: { sql: SqlExecutor; orderNumber: number; nowMs: number }): Promise<{ until: Date } | null>;
  /**
   * The Order model's relations (prisma/schema.prisma) that hold the provider's attempts, e.g.
   * `paymeTransactions`: the admin's order list counts an order with any as the provider's even
   * before money moved (besides its ledger entries and reservation).
   */
  orderRelations?: readonly string[];
  /**
   * The provider's newest attempt at paying the order, when it failed and nothing of it can still
   * take money: when it started (`at`) and why, in every shopper language. `null` when its newest
   * attempt did not fail (or it has none). The order page shows the newest across providers
   * while the order is payable (lib/payments/last-failure.ts).
   */
  lastFailure?(input: { sql: SqlExecutor; orderNumber: number }): Promise<AttemptFailure | null>;
  /** Links to the fiscal receipts of the order's payments (`qr_code_url`), oldest first, for the shopper's order page. */
  fiscalReceipts?(input: { sql: SqlExecutor; orderNumber: number }): Promise<string[]>;
  /** The provider's own attempts of one order, newest first, for the admin order page. */
  attempts?(input: { sql: SqlExecutor; orderNumber: number }): Promise<ProviderAttempt[]>;
  /** The provider's records for the reconciliation page; `null` when it cannot be asked now. */
  reconciliation?(): Promise<ReconciliationSource | null>;
};

/**
 * Declares a provider with its literal id (`definePaymentProvider({id: "payme", …})`), so the
 * registry can derive the `Provider` union from its list.
 */
export function definePaymentProvider<const Id extends string, const AuditName extends string = never>(
  provider: PaymentProvider<Id, AuditName>,
): PaymentProvider<Id, AuditName> {
  return provider;
}

export function defineIntegration<const Id extends string>(integration: Integration<Id>): Integration<Id> {
  return integration;
}
