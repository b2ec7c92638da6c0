import type { Env, PaymentsMode } from "../../env";

/** Payme's own hosts (protocol files): the test platform and production. */
export const PAYME_CHECKOUT_URLS = {
  test: "https://test.paycom.uz",
  live: "https://checkout.paycom.uz",
} as const;

export const PAYME_SUBSCRIBE_URLS = {
  test: "https://checkout.test.paycom.uz/api",
  live: "https://checkout.paycom.uz/api",
} as const;

type UrlEnv = Pick<Env, "PUBLIC_URL" | "SANDBOX_PORT" | "PAYME_CHECKOUT_URL" | "PAYME_SUBSCRIBE_URL">;

/**
 * Where the sandbox server (lib/sandbox) answers, as the shopper's browser reaches it: the
 * store's public host on SANDBOX_PORT. It is a separate server with its own origin, so the
 * browser talks to it exactly as it talks to Payme.
 */
export function sandboxOrigin(env: Pick<Env, "PUBLIC_URL" | "SANDBOX_PORT">): string {
  // `hostname` keeps an IPv6 address's brackets.
  return `http://${new URL(env.PUBLIC_URL).hostname}:${env.SANDBOX_PORT}`;
}

/**
 * The hosted checkout's base URL (POST form action; the GET link is this plus `/` + base64).
 * The sandbox mounts Payme's checkout under `/payme` as Payme mounts it at its host's root.
 */
export function paymeCheckoutUrl(mode: PaymentsMode, env: UrlEnv): string {
  if (env.PAYME_CHECKOUT_URL) return env.PAYME_CHECKOUT_URL;
  return mode === "sandbox" ? `${sandboxOrigin(env)}/payme` : PAYME_CHECKOUT_URLS[mode];
}

/** The Subscribe API's full JSON-RPC endpoint; in the sandbox, `/payme/api` beside the checkout. */
export function paymeSubscribeUrl(mode: PaymentsMode, env: UrlEnv): string {
  if (env.PAYME_SUBSCRIBE_URL) return env.PAYME_SUBSCRIBE_URL;
  return mode === "sandbox" ? `${sandboxOrigin(env)}/payme/api` : PAYME_SUBSCRIBE_URLS[mode];
}
