/** Robokassa sends ResultURL notifications from these addresses (protocol file; optional allowlist). */
export const ROBOKASSA_ADDRESSES: readonly string[] = ["185.59.216.65", "185.59.217.65"];

/**
 * Whether `ip` — the client address as the shared client-address helper resolved it (trusted
 * proxies applied) — is one of Robokassa's. IPv4-mapped IPv6 (`::ffff:185.59.216.65`) counts.
 */
export function isRobokassaAddress(ip: string): boolean {
  const address = ip.trim().toLowerCase();
  const v4 = address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
  return ROBOKASSA_ADDRESSES.includes(v4);
}
