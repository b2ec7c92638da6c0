import { randomBytes } from "node:crypto";
import { clientIp, normalizeIp } from "./ip";
import { safeEqual } from "../payments/secret-box";
import { noteUntrustedForwarding } from "./trusted-proxies";

/**
 * The header through which server.ts hands the socket's address to Next.js. Next keeps any
 * `X-Forwarded-For` the client sent, so that header alone would let a stranger choose the
 * address their failed sign-ins count against. server.ts overwrites this header on every request.
 */
export const REMOTE_ADDRESS_HEADER = "x-tolov-remote-address";

/**
 * server.ts and the Next.js code it serves share one process: a random token kept on globalThis
 * proves a stamp was made by this process's server.ts. Without server.ts in front (plain
 * `next start`) no token exists, and a client-sent stamp is ignored.
 */
const STAMP_HEADER = "x-tolov-remote-stamp";
const globalStamp = globalThis as unknown as { tolovRemoteStamp?: string };

/** For server.ts: stamp the real socket address on the request before Next.js sees it. */
export function stampRemoteAddress(request: { headers: Record<string, string | string[] | undefined>; socket: { remoteAddress?: string } }): void {
  globalStamp.tolovRemoteStamp ??= randomBytes(24).toString("base64url");
  request.headers[REMOTE_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
  request.headers[STAMP_HEADER] = globalStamp.tolovRemoteStamp;
}

/** The socket address server.ts stamped on this request, if the stamp is genuine. */
export function stampedRemoteAddress(headers: { get(name: string): string | null }): string | undefined {
  const token = globalStamp.tolovRemoteStamp;
  const stamp = headers.get(STAMP_HEADER);
  if (!token || !stamp || !safeEqual(stamp, token)) return undefined;
  return headers.get(REMOTE_ADDRESS_HEADER) ?? undefined;
}

/**
 * The client's address: the socket's (from server.ts), or — when that socket is one of the
 * operator's trusted reverse proxies — the last untrusted hop of X-Forwarded-For. Without
 * server.ts in front (plain `next start`) the last X-Forwarded-For entry is the best there is.
 */
export function clientAddress(headers: { get(name: string): string | null }, trustedProxies: string[]): string {
  const forwardedFor = headers.get("x-forwarded-for") ?? undefined;
  const remote = stampedRemoteAddress(headers);
  if (remote !== undefined) {
    const peer = normalizeIp(remote);
    if (forwardedFor && !trustedProxies.map(normalizeIp).includes(peer)) noteUntrustedForwarding(peer);
    return clientIp(remote, forwardedFor, trustedProxies);
  }
  const hops = (forwardedFor ?? "").split(",").map(normalizeIp).filter(Boolean);
  return hops.at(-1) ?? "";
}
