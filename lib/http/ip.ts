/** IP addresses as the store reads them: one form for IPv4-mapped IPv6, trusted proxies skipped (README "Security"). */

/** `::ffff:10.0.0.1` → `10.0.0.1`; trimmed; "" for none. */
export function normalizeIp(address: string | undefined): string {
  if (!address) return "";
  const trimmed = address.trim();
  return trimmed.toLowerCase().startsWith("::ffff:") && trimmed.includes(".") ? trimmed.slice(7) : trimmed;
}

/**
 * The caller's address: the socket's, unless it is one of our trusted proxies, in which case
 * X-Forwarded-For is read from the right, skipping further trusted proxies.
 */
export function clientIp(remoteAddress: string | undefined, forwardedFor: string | undefined, trustedProxies: string[]): string {
  const trusted = new Set(trustedProxies.map(normalizeIp));
  let address = normalizeIp(remoteAddress);
  if (!trusted.has(address) || !forwardedFor) return address;
  const hops = forwardedFor.split(",").map(normalizeIp).filter(Boolean);
  while (hops.length > 0) {
    address = hops.pop()!;
    if (!trusted.has(address)) return address;
  }
  return address;
}
