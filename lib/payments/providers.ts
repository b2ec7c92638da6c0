import { paymentProviders, type Provider } from "./registry";

export type { Provider } from "./registry";

/** Every provider Tolov integrates, by id (from lib/payments/registry.ts). */
export const providers = paymentProviders.map((provider) => provider.id) as readonly Provider[] as readonly [Provider, ...Provider[]];
