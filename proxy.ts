// Language negotiation for every shopper page: `?lang=` wins (and is remembered in the
// `tolov_lang` cookie), then the cookie, then Russian. Server components read the result from a
// request header, because layouts cannot see the search params.
import { NextResponse, type NextRequest } from "next/server";
import { LOCALE_COOKIE, toLocale } from "@/lib/i18n/locales";
import { LOCALE_COOKIE_MAX_AGE, LOCALE_HEADER, negotiateLocale } from "@/lib/i18n/negotiate";

export function proxy(request: NextRequest) {
  const requested = toLocale(request.nextUrl.searchParams.get("lang"));
  const remembered = request.cookies.get(LOCALE_COOKIE)?.value;
  const locale = negotiateLocale(requested, remembered);

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(LOCALE_HEADER, locale);
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
  return response;
}

export const config = {
  // Pages only: the JSON API and the providers' callbacks stay out of the proxy's way.
  matcher: ["/((?!api/|_next/static|_next/image|favicon\\.ico|icon\\.svg|robots\\.txt).*)"],
};
