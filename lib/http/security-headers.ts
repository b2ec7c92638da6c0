/**
 * Security headers for every page and API answer (README "Security"). Pages get a
 * Content-Security-Policy with a per-request nonce (proxy.ts), which Next.js puts on its own
 * inline scripts; a provider's embedded form talks to the provider from the browser (Payme's
 * card form to the Subscribe API), so those origins (of the modes now) are allowed in `connect-src`.
 */
export function pageContentSecurityPolicy(options: { nonce: string; connectOrigins: readonly string[]; dev?: boolean }): string {
  const connect = ["'self'", ...new Set(options.connectOrigins)].join(" ");
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    // React writes style attributes; inline styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** JSON answers render nothing: nothing may load, nobody may frame them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** A year, subdomains included (only sent when PUBLIC_URL is https). */
export const HSTS = "max-age=31536000; includeSubDomains";

/** The headers every answer carries; HSTS only when the store is served over https. */
export function baseSecurityHeaders(publicUrl: string): Record<string, string> {
  const headers: Record<string, string> = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    // For browsers without frame-ancestors.
    "x-frame-options": "DENY",
  };
  if (publicUrl.startsWith("https://")) headers["strict-transport-security"] = HSTS;
  return headers;
}

/** A fresh nonce per request (128 random bits, base64). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The origins the shopper's browser calls from our pages (`connect-src`), as the provider
 * registry declares them for the modes the admin set (`browserOrigins` of each provider, e.g.
 * Payme's Subscribe endpoint for the card form). server.ts publishes them at start and on every
 * re-read of the modes; proxy.ts reads them here, so it loads no provider code and queries no
 * database on a page view. Process-wide (globalThis): Next.js loads proxy.ts in its own module
 * graph of the same process.
 */
type OriginsHolder = { tolovConnectOrigins?: readonly string[] };
const originsHolder = globalThis as unknown as OriginsHolder;

export function publishConnectOrigins(origins: readonly string[]): void {
  originsHolder.tolovConnectOrigins = [...new Set(origins)];
}

/** The published origins; none (only `'self'`) before server.ts's first publication. */
export function publishedConnectOrigins(): readonly string[] {
  return originsHolder.tolovConnectOrigins ?? [];
}
