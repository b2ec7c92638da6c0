import type { SqlExecutor } from "../db/sql";
import type { Env, PaymentsMode } from "../env";
import type { ProviderUrlEnv } from "./provider-urls";
import { registerLapseRule } from "../orders/settlement";
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

/** Every provider's audit-log actions as recorded: `<id>.<name>` (`payme.hold_confirm`). */
export type ProviderAuditAction = {
  [Index in keyof typeof paymentProviders]: (typeof paymentProviders)[Index] extends PaymentProvider<infer Id, infer Name> ? `${Id}.${Name}` : never;
}[number];
export type IntegrationId = Provider | (typeof otherIntegrations)[number]["id"];

/** Providers and other integrations: what the settings page, the seed and server.ts iterate. */
export const integrations: readonly Integration<IntegrationId>[] = [...paymentProviders, ...otherIntegrations];

/** Every integration's own admin pages, for the admin's menu. */
export const integrationAdminPages = integrations.flatMap((integration) => integration.adminPages ?? []);

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
// Every process that loads the registry (server.ts at start, Next's bundles through the admin and
// shop actions) hands the rules to the core; the core keeps them process-wide.
for (const [provider, rule] of lapseRules()) registerLapseRule(provider, rule);

/**
 * The fiscal receipts of an order's payments for `getOrderView` (lib/orders/order-view.ts): every
 * provider's `fiscalReceipts`, each link once.
 */
export function fiscalReceiptsLoader(sql: SqlExecutor): (orderNumber: number) => Promise<string[]> {
  return async (orderNumber) => {
    const lists = await Promise.all(paymentProviders.map((provider) => provider.fiscalReceipts?.({ sql, orderNumber }) ?? []));
    return [...new Set(lists.flat())];
  };
}

/**
 * The origins shoppers' browsers may call from our pages (CSP `connect-src`): every provider's
 * `browserOrigins` for its mode in `modes` (the admin's; a provider missing there is in the
 * environment's PAYMENTS_MODE). server.ts publishes them for proxy.ts.
 */
export function browserConnectOrigins(modes: Readonly<Record<string, PaymentsMode>>, env: ProviderUrlEnv & Pick<Env, "PAYMENTS_MODE">): string[] {
  return paymentProviders.flatMap((provider) => provider.browserOrigins?.({ mode: modes[provider.id] ?? env.PAYMENTS_MODE, env }) ?? []);
}

/**
 * The providers whose admin-set mode is `sandbox` (DESIGN.md: the sandbox server runs while any
 * provider is in sandbox mode). For server.ts's sandbox start, which must not read one provider.
 */
export async function providersInSandbox(input: { sql: SqlExecutor; appSecret: string }): Promise<Provider[]> {
  const readiness = await Promise.all(paymentProviders.map((provider) => provider.readiness(input)));
  return paymentProviders.filter((_, index) => readiness[index]!.mode === "sandbox").map((provider) => provider.id);
}

/**
 * Each provider's credentials as its settings seed them in sandbox mode (the environment's
 * values, else derived from APP_SECRET), keyed by provider id: what the emulators must play.
 * The store hands them to `startSandbox` (server.ts, scripts/sandbox.ts), so lib/sandbox loads no
 * settings or database code of the store's.
 */
export function sandboxSeeds(input: { env: Env; appSecret: string }): Record<string, ReturnType<NonNullable<PaymentProvider["settings"]["seed"]>> | undefined> {
  const env: Env = { ...input.env, PAYMENTS_MODE: "sandbox" };
  return Object.fromEntries(paymentProviders.map((provider) => [provider.id, provider.settings.seed?.({ env, appSecret: input.appSecret })]));
}
