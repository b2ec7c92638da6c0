import type { Locale } from "../../i18n/locales";
import type { AttemptResult } from "../attempt-result";

/** The buyer notification channels (DESIGN.md "Events"): a log line (default), e-mail, SMS. */
export type NotificationChannel = "log" | "email" | "sms";

/** One message to the buyer of an order, in the order's language. */
export type BuyerMessage = {
  /** The outbox event's id: receivers that deduplicate (SMS gateways) get it as their idempotency key. */
  idempotencyKey: string;
  orderNumber: number;
  lang: Locale;
  /** paid | refunded | paid_1c */
  kind: BuyerMessageKind;
  subject: string;
  text: string;
  /** The order's contacts (the adapter uses its own: e-mail or phone). */
  email: string | null;
  phone: string | null;
};

export type BuyerMessageKind = "paid" | "refunded" | "paid_1c";

/**
 * A way to reach buyers. `send` makes one attempt and reports it as a typed result (never
 * throws for a refusal or an unreachable server); the dispatcher retries failures.
 */
export interface NotificationAdapter {
  readonly channel: NotificationChannel;
  /** Whether this adapter can reach the buyer of an order with these contacts. */
  reaches(contacts: { email: string | null; phone: string | null }): boolean;
  send(message: BuyerMessage): Promise<AttemptResult>;
}
