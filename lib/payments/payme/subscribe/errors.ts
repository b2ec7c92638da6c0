/**
 * Subscribe API errors as one typed error with localized shopper messages (ru, uz, en) for every
 * code of the protocol file — the shopper never sees a raw code; we log it.
 *
 * Safe in the browser (imports only the message file and types).
 */
import type { LocalizedText } from "../../../i18n/localized-text";
import { paymeText } from "../messages";

export type { LocalizedText };
export type ShopperLocale = keyof LocalizedText;

/**
 * - `rpc`: Payme answered with an error (the request was processed and refused);
 * - `timeout`, `network`: no answer — for a payment the outcome is unknown until checked;
 * - `protocol`: an answer we cannot read (not JSON-RPC, or not the documented shape);
 * - `params`: we refused to send params that break the method's schema.
 */
export type SubscribeErrorKind = "rpc" | "timeout" | "network" | "protocol" | "params";

/** Codes of the protocol file, plus the Merchant API codes Payme passes on from the billing. */
export const subscribeErrorCodes = {
  invalidCard: -31300,
  cardUnavailable: -31301,
  balanceUnavailable: -31302,
  insufficientFunds: -31303,
  cardNotFound: -31400,
  otpNotSent: -31110,
  otpExpired: -31101,
  otpTooManyAttempts: -31102,
  otpWrong: -31103,
  processingUnavailable: -31002,
  invalidToken: -32500,
  invalidParams: -32602,
  unauthorized: -32504,
  // Checkout errors of the same protocol file.
  merchantNotFound: -31601,
  invalidField: -31610,
  amountBelowMinimum: -31611,
  amountAboveMaximum: -31612,
  merchantServiceUnavailable: -31622,
  merchantServiceFailed: -31623,
  cardProblem: -31630,
  // JSON-RPC and system errors.
  systemError: -32400,
  notPost: -32300,
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  // Passed on from the merchant's billing (Merchant API), or Payme refusing the receipt's state.
  invalidAmount: -31001,
  transactionNotFound: -31003,
  cannotCancel: -31007,
  cannotPerform: -31008,
} as const;

/** Our own codes for failures without an answer from Payme. */
export const transportErrorCodes = { timeout: -1, network: -2, protocol: -3, params: -4 } as const;

/**
 * Finer reasons for -31301, whose meaning the protocol file gives as "SMS not connected / card
 * expired / blocked". Our emulator names the reason in `data`; Payme's platform may not, and
 * then the code's own message (which covers all three) is shown.
 */
export const cardUnavailableReasons = ["sms_not_connected", "card_expired", "card_blocked"] as const;
export type CardUnavailableReason = (typeof cardUnavailableReasons)[number];

// The sentences live in ../messages.ts (ru, uz, en checked together); this maps codes onto them.
const messages: Record<number, LocalizedText> = {
  [subscribeErrorCodes.invalidCard]: paymeText("subscribe.invalidCard"),
  [subscribeErrorCodes.cardUnavailable]: paymeText("subscribe.cardUnavailable"),
  [subscribeErrorCodes.balanceUnavailable]: paymeText("subscribe.balanceUnavailable"),
  [subscribeErrorCodes.insufficientFunds]: paymeText("subscribe.insufficientFunds"),
  [subscribeErrorCodes.cardNotFound]: paymeText("subscribe.cardNotFound"),
  [subscribeErrorCodes.otpNotSent]: paymeText("subscribe.otpNotSent"),
  [subscribeErrorCodes.otpExpired]: paymeText("subscribe.otpExpired"),
  [subscribeErrorCodes.otpTooManyAttempts]: paymeText("subscribe.otpTooManyAttempts"),
  [subscribeErrorCodes.otpWrong]: paymeText("subscribe.otpWrong"),
  [subscribeErrorCodes.processingUnavailable]: paymeText("subscribe.processingUnavailable"),
  [subscribeErrorCodes.invalidToken]: paymeText("subscribe.invalidToken"),
  [subscribeErrorCodes.invalidParams]: paymeText("subscribe.invalidParams"),
  [subscribeErrorCodes.unauthorized]: paymeText("subscribe.unauthorized"),
  [subscribeErrorCodes.merchantNotFound]: paymeText("subscribe.merchantNotFound"),
  [subscribeErrorCodes.invalidField]: paymeText("subscribe.invalidField"),
  [subscribeErrorCodes.amountBelowMinimum]: paymeText("subscribe.amountBelowMinimum"),
  [subscribeErrorCodes.amountAboveMaximum]: paymeText("subscribe.amountAboveMaximum"),
  [subscribeErrorCodes.merchantServiceUnavailable]: paymeText("subscribe.merchantServiceUnavailable"),
  [subscribeErrorCodes.merchantServiceFailed]: paymeText("subscribe.merchantServiceFailed"),
  [subscribeErrorCodes.cardProblem]: paymeText("subscribe.cardProblem"),
  [subscribeErrorCodes.systemError]: paymeText("subscribe.systemError"),
  [subscribeErrorCodes.notPost]: paymeText("subscribe.notPost"),
  [subscribeErrorCodes.invalidAmount]: paymeText("subscribe.invalidAmount"),
  [subscribeErrorCodes.transactionNotFound]: paymeText("subscribe.transactionNotFound"),
  [subscribeErrorCodes.cannotCancel]: paymeText("subscribe.cannotCancel"),
  [subscribeErrorCodes.cannotPerform]: paymeText("subscribe.cannotPerform"),
};
// JSON-RPC envelope errors: the shopper sees the same sentence.
messages[-32700] = messages[-32300]!;
messages[-32600] = messages[-32300]!;
messages[-32601] = messages[-32300]!;

const orderNotPayable: LocalizedText = paymeText("subscribe.orderNotPayable");

const reasonMessages: Record<CardUnavailableReason, LocalizedText> = {
  sms_not_connected: paymeText("subscribe.reason.sms_not_connected"),
  card_expired: paymeText("subscribe.reason.card_expired"),
  card_blocked: paymeText("subscribe.reason.card_blocked"),
};

const transportMessages: Record<number, LocalizedText> = {
  [transportErrorCodes.timeout]: paymeText("subscribe.transport.timeout"),
  [transportErrorCodes.network]: paymeText("subscribe.transport.network"),
  [transportErrorCodes.protocol]: paymeText("subscribe.transport.protocol"),
  [transportErrorCodes.params]: paymeText("subscribe.transport.params"),
};

const fallback: LocalizedText = paymeText("subscribe.fallback");

function reasonOf(data: unknown): CardUnavailableReason | undefined {
  const value = typeof data === "string" ? data : (data as { reason?: unknown } | null)?.reason;
  return (cardUnavailableReasons as readonly unknown[]).includes(value) ? (value as CardUnavailableReason) : undefined;
}

/** The shopper's sentence for a Subscribe error code (and its `data`, when it names a reason). */
export function subscribeErrorMessage(code: number, data?: unknown): LocalizedText {
  if (code === subscribeErrorCodes.cardUnavailable) {
    const reason = reasonOf(data);
    if (reason) return reasonMessages[reason];
  }
  if (code <= -31050 && code >= -31099) return orderNotPayable;
  return messages[code] ?? transportMessages[code] ?? fallback;
}

/** Every code that has its own message (for tests and documentation). */
export function documentedSubscribeCodes(): number[] {
  return [...Object.keys(messages), ...Object.keys(transportMessages)].map(Number);
}

function providerText(message: unknown): string | undefined {
  if (typeof message === "string") return message;
  if (message && typeof message === "object") {
    const record = message as Record<string, unknown>;
    const text = record.ru ?? record.en ?? record.uz;
    return typeof text === "string" ? text : undefined;
  }
  return undefined;
}

/**
 * One typed error for every failed Subscribe call. `message` (Error's) is for logs: method, code
 * and Payme's own text; `shopperMessage(locale)` is what the shopper reads.
 */
export class SubscribeError extends Error {
  readonly code: number;
  readonly method: string;
  readonly data: unknown;
  readonly kind: SubscribeErrorKind;
  /** Payme's own message text, for logs only. */
  readonly providerMessage: string | undefined;

  constructor(init: { code: number; method: string; data?: unknown; kind?: SubscribeErrorKind; providerMessage?: unknown }) {
    const kind = init.kind ?? "rpc";
    const providerMessage = providerText(init.providerMessage);
    super(`Payme ${init.method} failed: ${kind} ${init.code}${providerMessage ? ` (${providerMessage})` : ""}`);
    this.name = "SubscribeError";
    this.code = init.code;
    this.method = init.method;
    this.data = init.data;
    this.kind = kind;
    this.providerMessage = providerMessage;
  }

  /** No answer came: a mutation may or may not have happened until the receipt is checked. */
  get outcomeUnknown(): boolean {
    return this.kind === "timeout" || this.kind === "network";
  }

  get localized(): LocalizedText {
    return subscribeErrorMessage(this.code, this.data);
  }

  shopperMessage(locale: ShopperLocale = "ru"): string {
    return this.localized[locale];
  }

  /** A plain object that crosses a server action's boundary (no stack, no provider text). */
  toJSON() {
    return { code: this.code, method: this.method, kind: this.kind, message: this.localized };
  }
}

export function isSubscribeError(error: unknown): error is SubscribeError {
  return error instanceof SubscribeError;
}
