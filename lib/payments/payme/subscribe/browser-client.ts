import { callSubscribe, DEFAULT_TIMEOUT_MS } from "./rpc";
import type { SubscribeParams, SubscribeResult } from "./schemas";

/**
 * The card methods the shopper's browser calls straight at Payme (or the sandbox emulator),
 * cross-origin, with `X-Auth: {cashbox id}` only: card number, expiry and SMS code go from the
 * browser to Payme and never through our server. No Node imports, no key: safe in a client
 * component. None of these is retried: each creates a token or sends an SMS.
 */
export type SubscribeBrowserConfig = {
  /** The Subscribe endpoint (PAYME_SUBSCRIBE_URL, e.g. `https://checkout.paycom.uz/api`). */
  endpoint: string;
  /** The cashbox id (public). */
  merchantId: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
};

export function createSubscribeBrowserClient(config: SubscribeBrowserConfig) {
  const transport = {
    endpoint: config.endpoint,
    auth: config.merchantId,
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetch: config.fetch,
  };
  return {
    /** A card token (one-time unless `save: true`); `verify` is false until cards.verify. */
    cardsCreate(params: SubscribeParams<"cards.create">): Promise<SubscribeResult<"cards.create">> {
      return callSubscribe(transport, "cards.create", params);
    },
    /** Sends the SMS code; `wait` is how long it stays valid (ms), `phone` the masked number. */
    cardsGetVerifyCode(token: string): Promise<SubscribeResult<"cards.get_verify_code">> {
      return callSubscribe(transport, "cards.get_verify_code", { token });
    },
    /** Checks the SMS code; the returned card's token is the one to pay with. */
    cardsVerify(token: string, code: string): Promise<SubscribeResult<"cards.verify">> {
      return callSubscribe(transport, "cards.verify", { token, code });
    },
  };
}

export type SubscribeBrowserClient = ReturnType<typeof createSubscribeBrowserClient>;

/** `8600 0691-9540 6311` → `8600069195406311`; `03/99` → `0399` (what cards.create takes). */
export function normalizeCardInput(number: string, expire: string): { number: string; expire: string } {
  return { number: number.replace(/\D/g, ""), expire: expire.replace(/\D/g, "") };
}
