// Every page and API answer passes here: security headers (README "Security"), a per-request
// CSP nonce for Next.js's inline scripts, a cheap check of server action bodies, and language
// negotiation for shopper pages: `?lang=` wins (and is remembered in the `tolov_lang` cookie),
// then the cookie, then Russian. Server components read the result from a request header,
// because layouts cannot see the search params.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import {
  API_CONTENT_SECURITY_POLICY,
  baseSecurityHeaders,
  newNonce,
  pageContentSecurityPolicy,
  publishedConnectOrigins,
} from "@/lib/http/security-headers";
import { LOCALE_COOKIE, toLocale } from "@/lib/i18n/locales";
import { LOCALE_CHOSEN_HEADER, LOCALE_COOKIE_MAX_AGE, LOCALE_HEADER, negotiateLocale } from "@/lib/i18n/negotiate";

/** Server action bodies (forms of the admin and the card form's calls) are small. */
export const SERVER_ACTION_BODY_LIMIT = 1024 * 1024;

function withHeaders(response: NextResponse, headers: Record<string, string>): NextResponse {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

function plain(status: number, text: string, headers: Record<string, string>): NextResponse {
  return withHeaders(new NextResponse(text, { status, headers: { "content-type": "text/plain; charset=utf-8" } }), headers);
}

export function proxy(request: NextRequest) {
  const config = env();
  const base = baseSecurityHeaders(config.PUBLIC_URL);
  const path = request.nextUrl.pathname;
  const isApi = path === "/api" || path.startsWith("/api/");
  const security = { ...base, "content-security-policy": API_CONTENT_SECURITY_POLICY };

  // A path that is not valid percent-encoding names nothing here (routes would throw on it).
  try {
    decodeURIComponent(path);
  } catch {
    return plain(400, "Bad request: malformed URL encoding.", security);
  }

  // Server actions: Next.js would read a body past its limit and answer 500. A declared size
  // over the limit is refused here; a body without a declared size (chunked) too — browsers
  // always declare it for an action.
  if (request.method === "POST" && request.headers.has("next-action")) {
    const declared = request.headers.get("content-length");
    if (declared === null || !/^\d+$/.test(declared)) return plain(411, "Length required.", security);
    if (Number(declared) > SERVER_ACTION_BODY_LIMIT) return plain(413, "Request body too large.", security);
    // Next.js parses Origin as a URL for its same-origin check and answers 500 when it is not one
    // (`Origin: null` from a sandboxed frame, or garbage): no action comes from such an origin.
    const origin = request.headers.get("origin");
    if (origin !== null && !URL.canParse(origin)) return plain(403, "Forbidden: the Origin header is not a URL.", security);
  }

  if (isApi) return withHeaders(NextResponse.next(), security);

  const nonce = newNonce();
  // The providers' browser origins, published by server.ts from the registry (lib/http/security-headers.ts).
  const csp = pageContentSecurityPolicy({ nonce, connectOrigins: publishedConnectOrigins(), dev: process.env.NODE_ENV === "development" });

  const requested = toLocale(request.nextUrl.searchParams.get("lang"));
  const remembered = request.cookies.get(LOCALE_COOKIE)?.value;
  const locale = negotiateLocale(requested, remembered);

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(LOCALE_HEADER, locale);
  requestHeaders.set(LOCALE_CHOSEN_HEADER, requested || toLocale(remembered) ? "1" : "0");
  // Next.js reads the nonce from the request's CSP header and puts it on its inline scripts.
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  if (requested && requested !== remembered) {
    response.cookies.set({
      name: LOCALE_COOKIE,
      value: requested,
      path: "/",
      maxAge: LOCALE_COOKIE_MAX_AGE,
      sameSite: "lax",
      httpOnly: true,
      secure: request.nextUrl.protocol === "https:",
    });
  }
  return withHeaders(response, { ...base, "content-security-policy": csp });
}

export const config = {
  // Pages only: for a matched request Next.js buffers the body, which the JSON API and the
  // providers' callbacks must read themselves, bounded (lib/http/body.ts). Their headers come
  // from next.config.ts.
  matcher: ["/((?!api/|_next/static|_next/image|favicon\\.ico|icon\\.svg|robots\\.txt).*)"],
};
