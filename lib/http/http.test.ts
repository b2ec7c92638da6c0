import { describe, expect, it } from "vitest";
import { BodyTooLargeError, readJson, readTextLimited } from "./body";
import { clientAddress, stampRemoteAddress } from "./client-address";
import { jsonDepth, jsonDepthWithin } from "./json-shape";
import { requestLocale } from "./rate-limit";
import { errorResponse } from "./response";
import { baseSecurityHeaders, pageContentSecurityPolicy } from "./security-headers";
import { clearUntrustedForwarding, recentUntrustedForwarding } from "./trusted-proxies";

/** A POST whose body is an endless stream of 16 KB chunks; counts how many were pulled. */
function endlessRequest() {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += 1;
      controller.enqueue(new Uint8Array(16 * 1024));
    },
  });
  const request = new Request("http://store.test/api/orders", { method: "POST", body, duplex: "half" } as RequestInit);
  return { request, pulled: () => pulled };
}

describe("bounded bodies", () => {
  it("stops reading a chunked body past the limit", async () => {
    const { request, pulled } = endlessRequest();
    await expect(readTextLimited(request, 64 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(pulled()).toBeLessThan(10);
  });
  it("refuses a declared length over the limit without reading", async () => {
    const request = new Request("http://store.test/", { method: "POST", body: "x".repeat(100), headers: { "content-length": "100" } });
    await expect(readTextLimited(request, 10)).rejects.toMatchObject({ statusCode: 413 });
  });
  it("refuses JSON nested absurdly deep as invalid, before parsing", async () => {
    const deep = "[".repeat(5000) + "]".repeat(5000);
    await expect(readJson(new Request("http://store.test/", { method: "POST", body: deep }))).rejects.toMatchObject({ statusCode: 400 });
    expect(jsonDepth('{"a":[{"b":"[[[["}]}')).toBe(3);
    expect(jsonDepthWithin('{"a":1}')).toBe(true);
  });
});

describe("security headers", () => {
  it("sends HSTS only for an https store", () => {
    expect(baseSecurityHeaders("https://shop.example")["strict-transport-security"]).toMatch(/^max-age=\d+/);
    expect(baseSecurityHeaders("http://localhost:3000")["strict-transport-security"]).toBeUndefined();
    expect(baseSecurityHeaders("http://localhost:3000")).toMatchObject({ "x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin" });
  });
  it("builds the page CSP with the nonce and the Subscribe origin", () => {
    const csp = pageContentSecurityPolicy({ nonce: "abc", connectOrigins: ["https://checkout.paycom.uz"] });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).toContain("connect-src 'self' https://checkout.paycom.uz");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
  });
});

describe("the shopper's language for an API answer", () => {
  it("takes the cookie, then Accept-Language, then Russian", () => {
    expect(requestLocale(new Headers({ cookie: "a=b; tolov_lang=en", "accept-language": "uz" }))).toBe("en");
    expect(requestLocale(new Headers({ "accept-language": "uz-UZ,ru;q=0.8" }))).toBe("uz");
    expect(requestLocale(new Headers({ "accept-language": "de" }))).toBe("ru");
  });
});

describe("untrusted X-Forwarded-For", () => {
  it("is noted for the admin's warning when the peer is not a trusted proxy", () => {
    clearUntrustedForwarding();
    const stamped = (peer: string) => {
      const request = { headers: { "x-forwarded-for": "203.0.113.5" } as Record<string, string | string[] | undefined>, socket: { remoteAddress: peer } };
      stampRemoteAddress(request);
      return new Headers(request.headers as Record<string, string>);
    };
    expect(clientAddress(stamped("10.0.0.1"), ["10.0.0.1"])).toBe("203.0.113.5");
    expect(recentUntrustedForwarding()).toBeUndefined();
    expect(clientAddress(stamped("10.0.0.2"), ["10.0.0.1"])).toBe("10.0.0.2");
    expect(recentUntrustedForwarding()).toMatchObject({ peer: "10.0.0.2" });
  });
});

describe("errorResponse for a database that has no connection free", () => {
  it("answers 503 with Retry-After for Prisma's P2028 (no transaction within its wait), 500 without details otherwise", async () => {
    const busy = Object.assign(new Error("Transaction API error: Unable to start a transaction in the given time."), { code: "P2028" });
    const answer = errorResponse(busy);
    expect(answer.status).toBe(503);
    expect(answer.headers.get("retry-after")).toBe("1");
    expect(await answer.json()).toEqual({ error: { code: "BUSY", message: "The store is busy; try again in a moment." } });
    const other = errorResponse(new Error("boom"));
    expect(other.status).toBe(500);
    expect(await other.text()).not.toContain("boom");
  });
});
