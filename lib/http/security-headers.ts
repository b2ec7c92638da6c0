import type { PaymentsMode } from "../env";

/**
 * Security headers for every page and API answer (README "Security"). Pages get a
 * Content-Security-Policy with a per-request nonce (proxy.ts), which Next.js puts on its own
 * inline scripts; the card form talks to Payme's Subscribe API from the browser, so that one
 * origin (of the mode Payme is in now) is allowed in `connect-src`.
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
 * The providers' modes as the store's process last read them from the admin's settings
 * (server.ts re-reads them every few seconds for the sandbox's lifecycle). proxy.ts reads them
 * here rather than querying the database on every page view.
 */
type ModesHolder = { tolovProviderModes?: Record<string, PaymentsMode> };
const modesHolder = globalThis as unknown as ModesHolder;

export function publishProviderModes(modes: Record<string, PaymentsMode>): void {
  modesHolder.tolovProviderModes = { ...modes };
}

/** The published mode of `provider`, or `fallback` (the environment's) before the first read. */
export function providerMode(provider: string, fallback: PaymentsMode): PaymentsMode {
  return modesHolder.tolovProviderModes?.[provider] ?? fallback;
}
