import { clientIp, normalizeIp } from "../payments/payme/merchant-api/auth";

/**
 * The header through which server.ts hands the socket's address to Next.js. Next keeps any
 * `X-Forwarded-For` the client sent, so that header alone would let a stranger choose the
 * address their failed sign-ins count against. server.ts overwrites this header on every request.
 */
export const REMOTE_ADDRESS_HEADER = "x-tolov-remote-address";

/** For server.ts: stamp the real socket address on the request before Next.js sees it. */
export function stampRemoteAddress(request: { headers: Record<string, string | string[] | undefined>; socket: { remoteAddress?: string } }): void {
  request.headers[REMOTE_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
}

/**
 * The client's address: the socket's (from server.ts), or — when that socket is one of the
 * operator's trusted reverse proxies — the last untrusted hop of X-Forwarded-For. Without
 * server.ts in front (plain `next start`) the last X-Forwarded-For entry is the best there is.
 */
export function clientAddress(headers: { get(name: string): string | null }, trustedProxies: string[]): string {
  const forwardedFor = headers.get("x-forwarded-for") ?? undefined;
  const remote = headers.get(REMOTE_ADDRESS_HEADER);
  if (remote !== null) return clientIp(remote, forwardedFor, trustedProxies);
  const hops = (forwardedFor ?? "").split(",").map(normalizeIp).filter(Boolean);
  return hops.at(-1) ?? "";
}
