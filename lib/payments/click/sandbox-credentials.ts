import { createHmac } from "node:crypto";

/**
 * Sandbox credentials when none are given, derived from APP_SECRET as Payme's are: the store
 * (click-settings.ts seeds them) and the Click emulator (lib/sandbox/config.ts) derive the same
 * values, so both sides agree without configuration. No database here: the emulator loads it.
 */
export function sandboxClickCredentials(appSecret: string) {
  const derive = (label: string) => createHmac("sha256", appSecret).update(`tolov sandbox ${label}`).digest("hex");
  const digits = (label: string, length: number) => (BigInt(`0x${derive(label).slice(0, 15)}`) % 10n ** BigInt(length)).toString().padStart(length, "1");
  return {
    serviceId: digits("click service", 5),
    merchantId: digits("click merchant", 5),
    merchantUserId: digits("click merchant user", 5),
    secretKey: derive("click secret key").slice(0, 32),
  };
}
