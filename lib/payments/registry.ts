import { exchange1cIntegration } from "../exchange-1c/provider";
import { clickProvider } from "./click/provider";
import { paymeProvider } from "./payme/provider";
import type { Integration, OrderTouchedHook, PaymentProvider } from "./provider";
import { robokassaProvider } from "./robokassa/provider";

/**
 * Every payment provider Tolov integrates, in the order the checkout and the admin list them.
 * Adding a provider: its folder under lib/payments/ with a `provider.ts`, and one line here
 * (lib/payments/README.md). Nothing else in lib/ or app/ names a provider. The emulators are
 * not named here: lib/sandbox keeps its own list (the store's build carries no emulator code).
 */
export const paymentProviders = [paymeProvider, clickProvider, robokassaProvider] as const;

/** Integrations that are not payment providers but have settings, callback URLs, jobs or routes. */
export const otherIntegrations = [exchange1cIntegration] as const;

export type Provider = (typeof paymentProviders)[number]["id"];
export type IntegrationId = Provider | (typeof otherIntegrations)[number]["id"];

/** Providers and other integrations: what the settings page, the seed and server.ts iterate. */
export const integrations: readonly Integration<IntegrationId>[] = [...paymentProviders, ...otherIntegrations];

export function isProvider(value: unknown): value is Provider {
  return typeof value === "string" && paymentProviders.some((provider) => provider.id === value);
}

/** The registry entry of `id`, or undefined for anything else (`"1c"`, a forged form value). */
export function providerById(id: unknown): PaymentProvider<Provider> | undefined {
  return paymentProviders.find((provider) => provider.id === id) as PaymentProvider<Provider> | undefined;
}

/**
 * Every provider's lapse rule (`onOrderTouched`), for the settlement core to run under the
 * order's lock. lib/orders must not import this file (the providers import lib/orders): the
 * core takes the map injected at start.
 */
export function lapseRules(): ReadonlyMap<Provider, OrderTouchedHook> {
  return new Map(paymentProviders.flatMap((provider) => (provider.onOrderTouched ? [[provider.id, provider.onOrderTouched] as const] : [])));
}
