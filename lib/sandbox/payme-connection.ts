import type { SandboxContext } from "./module";

/**
 * How the emulated Payme reaches the store and which cashbox it plays: the configured values
 * only (environment or APP_SECRET, lib/sandbox/config.ts). Never from a form: an emulator that
 * lets a visitor choose the store's URL would send the test key wherever it is told.
 * Every Payme emulator module (hosted checkout, Subscribe API) reads them here, so they agree.
 */
export type PaymeConnection = {
  storeUrl: string;
  /** The store's Merchant API. */
  endpoint: string;
  merchantId: string;
  testKey: string;
  login: string;
};

export function paymeConnection(context: Pick<SandboxContext, "config">): PaymeConnection {
  const storeUrl = context.config.storeUrl.replace(/\/+$/, "");
  return {
    storeUrl,
    endpoint: `${storeUrl}/api/payme`,
    merchantId: context.config.payme.merchantId,
    testKey: context.config.payme.testKey,
    login: context.config.payme.login,
  };
}
