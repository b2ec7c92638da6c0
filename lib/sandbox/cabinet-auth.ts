import { timingSafeEqual, createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** The cookie a browser gets after presenting the sandbox token on a cabinet page. */
export const SANDBOX_TOKEN_COOKIE = "tolov_sandbox";

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/** Constant-time comparison of a presented token with the sandbox's. */
export function tokenMatches(presented: string | undefined | null, token: string): boolean {
  if (!presented) return false;
  return timingSafeEqual(digest(presented), digest(token));
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie ?? "";
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

/** Whether this request carries the sandbox token (its cookie, or `Authorization: Bearer`). */
export function hasSandboxToken(req: IncomingMessage, token: string): boolean {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
  return tokenMatches(cookieValue(req, SANDBOX_TOKEN_COOKIE) ?? bearer, token);
}

/**
 * Whether a state-changing request comes from the sandbox's own pages: the browser's
 * `Sec-Fetch-Site: same-origin`, or an `Origin` equal to this server's. A form on another site
 * (which would ride on the cookie) has neither. Requests without either (curl with the bearer
 * token) pass only with the token in the Authorization header.
 */
export function isSameOrigin(req: IncomingMessage): boolean {
  const site = req.headers["sec-fetch-site"];
  if (typeof site === "string" && site !== "same-origin" && site !== "none") return false;
  const origin = req.headers.origin;
  const host = req.headers.host;
  if (typeof origin === "string" && origin !== "null") {
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  }
  if (origin === "null") return false;
  return site === "same-origin" || /^Bearer\s/i.test(req.headers.authorization ?? "");
}

/** A cabinet change is allowed: the token, and from the sandbox's own page (or a bearer client). */
export function mayChangeCabinet(req: IncomingMessage, token: string): boolean {
  return hasSandboxToken(req, token) && isSameOrigin(req);
}

/** The Set-Cookie for a browser that presented the token (HttpOnly, SameSite=Strict). */
export function sandboxTokenCookie(token: string): string {
  return `${SANDBOX_TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000`;
}
