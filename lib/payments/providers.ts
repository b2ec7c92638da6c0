import type { Env } from "../env";

/** Every provider Tolov integrates: add one here plus its folder under lib/payments/. */
export const providers = ["payme", "click", "robokassa"] as const;
export type Provider = (typeof providers)[number];

/**
 * Providers shown at checkout. In sandbox mode every provider works (the emulators have
 * generated credentials); in test or live mode only those whose credentials were given.
 * (The admin's per-provider settings refine this once keys are edited there.)
 */
export function configuredProviders(env: Env): Provider[] {
  if (env.PAYMENTS_MODE === "sandbox") return [...providers];
  const configured: Record<Provider, boolean> = {
    payme: Boolean(env.PAYME_MERCHANT_ID && (env.PAYMENTS_MODE === "live" ? env.PAYME_KEY : env.PAYME_TEST_KEY)),
    click: Boolean(env.CLICK_SERVICE_ID && env.CLICK_MERCHANT_ID && env.CLICK_SECRET_KEY),
    robokassa: Boolean(env.ROBOKASSA_LOGIN && env.ROBOKASSA_PASSWORD1 && env.ROBOKASSA_PASSWORD2),
  };
  return providers.filter((provider) => configured[provider]);
}
