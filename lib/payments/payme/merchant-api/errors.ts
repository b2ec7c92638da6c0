import { paymeText } from "../messages";

/** Localized as Payme shows them: `message` is `{ru, uz, en}`. */
export type LocalizedMessage = { ru: string; uz: string; en: string };

export const paymeErrorCodes = {
  transportNotPost: -32300,
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  unauthorized: -32504,
  internal: -32400,
  invalidAmount: -31001,
  transactionNotFound: -31003,
  cannotCancel: -31007,
  cannotPerform: -31008,
  orderNotFound: -31050,
  orderNotPayable: -31099,
  fiscalTransactionNotFound: -32001,
  invalidParams: -32602,
} as const;

// The texts live in ../messages.ts (ru, uz, en checked together); this maps codes onto them.
const messages: Record<number, LocalizedMessage> = {
  [paymeErrorCodes.transportNotPost]: paymeText("merchantApi.transportNotPost"),
  [paymeErrorCodes.parseError]: paymeText("merchantApi.parseError"),
  [paymeErrorCodes.invalidRequest]: paymeText("merchantApi.invalidRequest"),
  [paymeErrorCodes.methodNotFound]: paymeText("merchantApi.methodNotFound"),
  [paymeErrorCodes.unauthorized]: paymeText("merchantApi.unauthorized"),
  [paymeErrorCodes.internal]: paymeText("merchantApi.internal"),
  [paymeErrorCodes.invalidAmount]: paymeText("merchantApi.invalidAmount"),
  [paymeErrorCodes.transactionNotFound]: paymeText("merchantApi.transactionNotFound"),
  [paymeErrorCodes.cannotCancel]: paymeText("merchantApi.cannotCancel"),
  [paymeErrorCodes.cannotPerform]: paymeText("merchantApi.cannotPerform"),
  [paymeErrorCodes.orderNotFound]: paymeText("merchantApi.orderNotFound"),
  [paymeErrorCodes.orderNotPayable]: paymeText("merchantApi.orderNotPayable"),
  [paymeErrorCodes.fiscalTransactionNotFound]: paymeText("merchantApi.fiscalTransactionNotFound"),
  [paymeErrorCodes.invalidParams]: paymeText("merchantApi.invalidParams"),
};

/** A Merchant API error as Payme expects it; `data` names the field when one is at fault. */
export class PaymeError extends Error {
  readonly localized: LocalizedMessage;
  constructor(
    readonly code: number,
    readonly data?: unknown,
  ) {
    const localized = messages[code] ?? messages[-32400]!;
    super(localized.en);
    this.name = "PaymeError";
    this.localized = localized;
  }
}
