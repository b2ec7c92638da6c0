import { z } from "zod";
import type { SandboxContext } from "../module";

/** What the cashbox and Click share: the emulator plays Click, so it holds the same values as the store. */
export type ClickSandboxCredentials = {
  serviceId: string;
  merchantId: string;
  merchantUserId: string;
  secretKey: string;
};

/** QA's edits on the cabinet page, over the configured values. */
export const clickConnectionOverrides = z.object({
  serviceId: z.string().trim().regex(/^\d{1,20}$/).optional(),
  merchantId: z.string().trim().regex(/^\d{1,20}$/).optional(),
  merchantUserId: z.string().trim().regex(/^\d{1,20}$/).optional(),
  secretKey: z.string().min(1).max(200).optional(),
  storeUrl: z
    .string()
    .trim()
    .regex(/^https?:\/\/[^\s/]+/)
    .transform((value) => value.replace(/\/+$/, ""))
    .optional(),
});
export type ClickConnectionOverrides = z.infer<typeof clickConnectionOverrides>;

const SETTING = "click.overrides";

export type ClickConnection = ClickSandboxCredentials & { storeUrl: string; overridden: boolean };

export function readClickOverrides(context: Pick<SandboxContext, "storage">): ClickConnectionOverrides {
  const stored = context.storage.getSetting(SETTING);
  if (!stored) return {};
  try {
    return clickConnectionOverrides.safeParse(JSON.parse(stored)).data ?? {};
  } catch {
    return {};
  }
}

export function writeClickOverrides(context: Pick<SandboxContext, "storage">, overrides: ClickConnectionOverrides | undefined): void {
  context.storage.setSetting(SETTING, overrides && Object.keys(overrides).length > 0 ? JSON.stringify(overrides) : undefined);
}

/** The configured credentials and store URL, with QA's overrides applied. */
export function clickConnection(context: Pick<SandboxContext, "storage" | "config">, configured: ClickSandboxCredentials): ClickConnection {
  const overrides = readClickOverrides(context);
  return {
    serviceId: overrides.serviceId ?? configured.serviceId,
    merchantId: overrides.merchantId ?? configured.merchantId,
    merchantUserId: overrides.merchantUserId ?? configured.merchantUserId,
    secretKey: overrides.secretKey ?? configured.secretKey,
    storeUrl: overrides.storeUrl ?? context.config.storeUrl.replace(/\/+$/, ""),
    overridden: Object.keys(overrides).length > 0,
  };
}

/**
 * The cashbox the emulator plays: each value from the store's own variables when given
 * (CLICK_SERVICE_ID, CLICK_MERCHANT_ID, CLICK_MERCHANT_USER_ID, CLICK_SECRET_KEY), else from
 * `derived` — the values the store generates from APP_SECRET in sandbox mode
 * (`sandboxClickCredentials`), so both sides agree without configuration.
 */
export function clickSandboxCredentials(
  env: { CLICK_SERVICE_ID?: string; CLICK_MERCHANT_ID?: string; CLICK_MERCHANT_USER_ID?: string; CLICK_SECRET_KEY?: string },
  derived: () => ClickSandboxCredentials,
): ClickSandboxCredentials {
  const given = {
    serviceId: env.CLICK_SERVICE_ID,
    merchantId: env.CLICK_MERCHANT_ID,
    merchantUserId: env.CLICK_MERCHANT_USER_ID,
    secretKey: env.CLICK_SECRET_KEY,
  };
  if (given.serviceId && given.merchantId && given.merchantUserId && given.secretKey) return given as ClickSandboxCredentials;
  const fallback = derived();
  return {
    serviceId: given.serviceId || fallback.serviceId,
    merchantId: given.merchantId || fallback.merchantId,
    merchantUserId: given.merchantUserId || fallback.merchantUserId,
    secretKey: given.secretKey || fallback.secretKey,
  };
}
