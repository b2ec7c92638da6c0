import { isIP } from "node:net";
import { normalizeIp } from "./ip";
import { stampedRemoteAddress } from "./client-address";

/**
 * What decides the store's origin for one request when URLs are handed to a provider's page
 * (Payme's `c=`, Click's `return_url`): the configuration, and the request as server.ts saw it.
 */
export type OriginInput = {
  /** PUBLIC_URL as configured (with its default filled in: `http://localhost:$PORT`). */
  publicUrl: string;
  /** PUBLIC_URL was given explicitly: then it is the answer, whatever the request says. */
  publicUrlGiven: boolean;
  /** HOST the server binds (`0.0.0.0` / `::` name no host). */
  bindHost: string;
  /** The request's `Host` header. */
  host: string | null;
  /** `X-Forwarded-Host` and `X-Forwarded-Proto`, believed only from a trusted proxy. */
  forwardedHost: string | null;
  forwardedProto: string | null;
  /** The socket's address (server.ts's stamp); undefined without server.ts in front. */
  remoteAddress: string | undefined;
  /** The operator's reverse proxies (admin → Settings → Security, lib/http/trusted-proxies.ts). */
  trustedProxies: readonly string[];
};

// A host name (RFC 1123 labels), an IPv4 address or a bracketed IPv6 address, then an optional port.
const HOST_PORT = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*)(?::(\d{1,5}))?$/i;

type HostPort = { hostname: string; port: string | undefined };

/** `Host`-style `name[:port]`, lower-cased; undefined for anything else (paths, user info, junk, two values). */
export function parseHostHeader(value: string | null | undefined): HostPort | undefined {
  if (!value) return undefined;
  const match = HOST_PORT.exec(value.trim());
  if (!match) return undefined;
  const hostname = match[1]!.toLowerCase();
  if (hostname.startsWith("[") && isIP(hostname.slice(1, -1)) !== 6) return undefined;
  const port = match[2];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return undefined;
  return { hostname, port };
}

/** `localhost`, `*.localhost`, 127.0.0.0/8, `::1` (bracketed or not). */
export function isLoopbackHost(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (bare === "localhost" || bare.endsWith(".localhost")) return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  if (isIP(bare) === 6) return normalizeIp(bare) === "::1" || normalizeIp(bare).startsWith("127.");
  return false;
}

/** The host the server binds, when it names one (not a wildcard). */
function namesBindHost(hostname: string, bindHost: string): boolean {
  const bound = bindHost.replace(/^\[|\]$/g, "").toLowerCase();
  if (bound === "0.0.0.0" || bound === "::" || bound === "") return false;
  return hostname.replace(/^\[|\]$/g, "") === bound;
}

function originOf(scheme: "http" | "https", host: HostPort): string {
  return `${scheme}://${host.hostname}${host.port ? `:${host.port}` : ""}`;
}

/**
 * The store's origin as the shopper reaches it, for return URLs given to providers' pages
 * (issue 14 item 3), never an arbitrary header:
 * 1. PUBLIC_URL when it was configured;
 * 2. `X-Forwarded-Host` (and `X-Forwarded-Proto`, `http` or `https`) when the socket is one of
 *    the trusted proxies;
 * 3. the `Host` header when it names this server: a loopback name or address, or HOST
 *    (over http: server.ts serves plain HTTP);
 * 4. otherwise PUBLIC_URL's default (`http://localhost:$PORT`).
 * Returns an origin without a trailing slash.
 */
export function requestOrigin(input: OriginInput): string {
  const fallback = new URL(input.publicUrl).origin;
  if (input.publicUrlGiven) return input.publicUrl.replace(/\/+$/, "");
  const peer = normalizeIp(input.remoteAddress);
  if (peer && input.forwardedHost && input.trustedProxies.map(normalizeIp).includes(peer)) {
    // A proxy chain appends: the first value is what the shopper's browser asked for.
    const forwarded = parseHostHeader(input.forwardedHost.split(",")[0]);
    const proto = input.forwardedProto?.split(",")[0]?.trim().toLowerCase();
    if (forwarded) return originOf(proto === "https" ? "https" : "http", forwarded);
  }
  const host = parseHostHeader(input.host);
  if (host && (isLoopbackHost(host.hostname) || namesBindHost(host.hostname, input.bindHost))) return originOf("http", host);
  return fallback;
}

/**
 * requestOrigin for a route handler's request: the headers as server.ts stamped them (the
 * socket's address travels in a header only server.ts can set, lib/http/client-address.ts).
 */
export function requestOriginFromHeaders(
  headers: { get(name: string): string | null },
  config: { publicUrl: string; publicUrlGiven: boolean; bindHost: string; trustedProxies: readonly string[] },
): string {
  return requestOrigin({
    ...config,
    host: headers.get("host"),
    forwardedHost: headers.get("x-forwarded-host"),
    forwardedProto: headers.get("x-forwarded-proto"),
    remoteAddress: stampedRemoteAddress(headers),
  });
}
