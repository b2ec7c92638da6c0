import { z } from "zod";
import type { SandboxContext } from "./module";

/**
 * How the emulated Payme reaches the store and which cashbox it plays: the configured values
 * (environment or APP_SECRET, lib/sandbox/config.ts) unless QA edited them on the cabinet page.
 * Every Payme emulator module (hosted checkout, Subscribe API) reads them here, so they agree.
 */
export const paymeConnectionOverrides = z.object({
  merchantId: z.string().trim().min(1).max(64).optional(),
  testKey: z.string().min(1).max(200).optional(),
  login: z.string().trim().min(1).max(64).optional(),
  storeUrl: z
    .string()
    .trim()
    .regex(/^https?:\/\/[^\s/]+/)
    .transform((value) => value.replace(/\/+$/, ""))
    .optional(),
});
export type PaymeConnectionOverrides = z.infer<typeof paymeConnectionOverrides>;

const SETTING = "payme.overrides";

export type PaymeConnection = {
  storeUrl: string;
  /** The store's Merchant API. */
  endpoint: string;
  merchantId: string;
  testKey: string;
  login: string;
  overridden: boolean;
};

export function readPaymeOverrides(context: Pick<SandboxContext, "storage">): PaymeConnectionOverrides {
  const stored = context.storage.getSetting(SETTING);
  if (!stored) return {};
  try {
    return paymeConnectionOverrides.safeParse(JSON.parse(stored)).data ?? {};
  } catch {
    return {};
  }
}

export function writePaymeOverrides(context: Pick<SandboxContext, "storage">, overrides: PaymeConnectionOverrides | undefined): void {
  context.storage.setSetting(SETTING, overrides && Object.keys(overrides).length > 0 ? JSON.stringify(overrides) : undefined);
}

export function paymeConnection(context: Pick<SandboxContext, "storage" | "config">): PaymeConnection {
  const overrides = readPaymeOverrides(context);
  const storeUrl = overrides.storeUrl ?? context.config.storeUrl.replace(/\/+$/, "");
  return {
    storeUrl,
    endpoint: `${storeUrl}/api/payme`,
    merchantId: overrides.merchantId ?? context.config.payme.merchantId,
    testKey: overrides.testKey ?? context.config.payme.testKey,
    login: overrides.login ?? context.config.payme.login,
    overridden: Object.keys(overrides).length > 0,
  };
}
