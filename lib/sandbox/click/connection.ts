import { createHmac } from "node:crypto";
import type { SandboxContext } from "../module";

/** What the cashbox and Click share: the emulator plays Click, so it holds the same values as the store. */
export type ClickSandboxCredentials = {
  serviceId: string;
  merchantId: string;
  merchantUserId: string;
  secretKey: string;
};

/**
 * How the emulated Click reaches the store: the configured cashbox and store URL only
 * (SANDBOX_STORE_URL or PUBLIC_URL, the CLICK_* variables or APP_SECRET; lib/sandbox/config.ts).
 * Never from a form: an emulator that lets a visitor choose the store's URL or keys would send
 * signed callbacks wherever it is told (issue 10).
 */
export type ClickConnection = ClickSandboxCredentials & { storeUrl: string };

/** The configured credentials and the store's base URL (no trailing slash). */
export function clickConnection(context: Pick<SandboxContext, "config">, configured: ClickSandboxCredentials): ClickConnection {
  return {
    serviceId: configured.serviceId,
    merchantId: configured.merchantId,
    merchantUserId: configured.merchantUserId,
    secretKey: configured.secretKey,
    storeUrl: context.config.storeUrl.replace(/\/+$/, ""),
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

/**
 * The sandbox cashbox derived from APP_SECRET — the convention the store follows when it seeds
 * Click's settings in sandbox mode (lib/payments/click/sandbox-credentials.ts): HMAC-SHA256 of
 * `tolov sandbox <label>`; ids are the first 15 hex digits as a number, last `length` decimal
 * digits, left-padded with 1. Written here again so the emulator loads no store code;
 * connection.test.ts checks that both sides still agree.
 */
export function deriveClickSandboxCredentials(appSecret: string): ClickSandboxCredentials {
  const hmacHex = (label: string) => createHmac("sha256", appSecret).update(`tolov sandbox ${label}`).digest("hex");
  const id = (label: string) => (BigInt(`0x${hmacHex(label).slice(0, 15)}`) % 100_000n).toString().padStart(5, "1");
  return {
    serviceId: id("click service"),
    merchantId: id("click merchant"),
    merchantUserId: id("click merchant user"),
    secretKey: hmacHex("click secret key").slice(0, 32),
  };
}
