import type { PaymentsMode } from "../../env";
import { providerUrl, type ProviderUrlEnv, type ProviderUrlSpec } from "../provider-urls";

export { sandboxOrigin } from "../provider-urls";

/**
 * The hosted checkout's base URL (POST form action; the GET link is this plus `/` + base64).
 * The sandbox mounts Payme's checkout under `/payme` as Payme mounts it at its host's root.
 */
export const paymeCheckoutUrlSpec: ProviderUrlSpec = {
  sandboxPath: "/payme",
  test: "https://test.paycom.uz",
  live: "https://checkout.paycom.uz",
  override: "PAYME_CHECKOUT_URL",
};

/** The Subscribe API's full JSON-RPC endpoint; in the sandbox, `/payme/api` beside the checkout. */
export const paymeSubscribeUrlSpec: ProviderUrlSpec = {
  sandboxPath: "/payme/api",
  test: "https://checkout.test.paycom.uz/api",
  live: "https://checkout.paycom.uz/api",
  override: "PAYME_SUBSCRIBE_URL",
};

export function paymeCheckoutUrl(mode: PaymentsMode, env: ProviderUrlEnv): string {
  return providerUrl(paymeCheckoutUrlSpec, mode, env);
}

export function paymeSubscribeUrl(mode: PaymentsMode, env: ProviderUrlEnv): string {
  return providerUrl(paymeSubscribeUrlSpec, mode, env);
}
