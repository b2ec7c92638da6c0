import { safeEqual } from "../../secret-box";

// The caller's address is the store's concern (lib/http/ip.ts); re-exported for Payme's callers.
export { clientIp, normalizeIp } from "../../../http/ip";

/** Payme calls from these addresses only (protocol file; older lists elsewhere are out of date). */
export const PAYME_IP_RANGE = { prefix: "185.234.113.", first: 1, last: 15 } as const;

/** `Authorization: Basic base64(login:key)` must match exactly, compared in constant time. */
export function isAuthorized(header: string | undefined, login: string, key: string | undefined): boolean {
  if (!key || !header) return false;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return false;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  return safeEqual(decoded, `${login}:${key}`);
}

export function isPaymeAddress(ip: string): boolean {
  if (!ip.startsWith(PAYME_IP_RANGE.prefix)) return false;
  const last = ip.slice(PAYME_IP_RANGE.prefix.length);
  if (!/^\d{1,3}$/.test(last)) return false;
  const value = Number(last);
  return value >= PAYME_IP_RANGE.first && value <= PAYME_IP_RANGE.last;
}
