import { describe, expect, it } from "vitest";
import { stampRemoteAddress } from "./client-address";
import { isLoopbackHost, parseHostHeader, requestOrigin, requestOriginFromHeaders, type OriginInput } from "./request-origin";

/** No PUBLIC_URL given, bound to every interface, no proxy: the default store on port 3000. */
const base: OriginInput = {
  publicUrl: "http://localhost:3000",
  publicUrlGiven: false,
  bindHost: "0.0.0.0",
  host: null,
  forwardedHost: null,
  forwardedProto: null,
  remoteAddress: "127.0.0.1",
  trustedProxies: [],
};

describe("requestOrigin: the store's address in return URLs", () => {
  it("uses PUBLIC_URL when it was given, whatever the request says", () => {
    const origin = requestOrigin({
      ...base,
      publicUrl: "https://shop.example/",
      publicUrlGiven: true,
      host: "127.0.0.1:3000",
      forwardedHost: "evil.example",
      remoteAddress: "10.0.0.2",
      trustedProxies: ["10.0.0.2"],
    });
    expect(origin).toBe("https://shop.example");
  });

  it("follows a Host that names this server: loopback names and addresses", () => {
    expect(requestOrigin({ ...base, host: "127.0.0.1:3000" })).toBe("http://127.0.0.1:3000");
    expect(requestOrigin({ ...base, host: "localhost:3000" })).toBe("http://localhost:3000");
    expect(requestOrigin({ ...base, host: "[::1]:3000" })).toBe("http://[::1]:3000");
    expect(requestOrigin({ ...base, host: "shop.localhost:8080" })).toBe("http://shop.localhost:8080");
  });

  it("follows a Host equal to the HOST the server binds", () => {
    expect(requestOrigin({ ...base, bindHost: "192.168.1.20", host: "192.168.1.20:3000" })).toBe("http://192.168.1.20:3000");
  });

  it("ignores a hostile Host header: falls back to the configured address", () => {
    for (const host of ["evil.example", "evil.example:3000", "192.168.1.20:3000", "localhost@evil.example", "localhost/evil", "localhost:3000, evil.example", "localhost:99999", ""]) {
      expect(requestOrigin({ ...base, host }), host).toBe("http://localhost:3000");
    }
  });

  it("ignores X-Forwarded-Host from a peer that is not a trusted proxy", () => {
    expect(requestOrigin({ ...base, host: "127.0.0.1:3000", forwardedHost: "evil.example", forwardedProto: "https", remoteAddress: "203.0.113.7" })).toBe("http://127.0.0.1:3000");
    // Even a listed proxy's address in the header itself proves nothing: the socket decides.
    expect(requestOrigin({ ...base, forwardedHost: "evil.example", remoteAddress: "203.0.113.7", trustedProxies: ["10.0.0.2"] })).toBe("http://localhost:3000");
  });

  it("believes X-Forwarded-Host and -Proto from a trusted proxy (the first of a chain)", () => {
    const proxied = { ...base, host: "127.0.0.1:3000", remoteAddress: "::ffff:10.0.0.2", trustedProxies: ["10.0.0.2"] };
    expect(requestOrigin({ ...proxied, forwardedHost: "shop.example", forwardedProto: "https" })).toBe("https://shop.example");
    expect(requestOrigin({ ...proxied, forwardedHost: "shop.example:8443, inner.example", forwardedProto: "https, http" })).toBe("https://shop.example:8443");
    expect(requestOrigin({ ...proxied, forwardedHost: "shop.example", forwardedProto: "gopher" })).toBe("http://shop.example");
    // A malformed forwarded host is no answer: the Host rules apply.
    expect(requestOrigin({ ...proxied, forwardedHost: "shop.example/path" })).toBe("http://127.0.0.1:3000");
  });

  it("reads the socket's address only from server.ts's stamp, not from a client's header", () => {
    const config = { publicUrl: "http://localhost:3000", publicUrlGiven: false, bindHost: "0.0.0.0", trustedProxies: ["10.0.0.2"] };
    const forged = new Headers({ host: "evil.example", "x-forwarded-host": "evil.example", "x-tolov-remote-address": "10.0.0.2", "x-tolov-remote-stamp": "forged" });
    expect(requestOriginFromHeaders(forged, config)).toBe("http://localhost:3000");

    const request = { headers: { host: "127.0.0.1:3000", "x-forwarded-host": "shop.example" } as Record<string, string | string[] | undefined>, socket: { remoteAddress: "10.0.0.2" } };
    stampRemoteAddress(request);
    expect(requestOriginFromHeaders(new Headers(request.headers as Record<string, string>), config)).toBe("http://shop.example");
  });
});

describe("host helpers", () => {
  it("parses name[:port] and refuses the rest", () => {
    expect(parseHostHeader("Shop.Example:8080")).toEqual({ hostname: "shop.example", port: "8080" });
    expect(parseHostHeader("[::1]")).toEqual({ hostname: "[::1]", port: undefined });
    expect(parseHostHeader("[zz]:80")).toBeUndefined();
    expect(parseHostHeader("a b")).toBeUndefined();
  });

  it("knows loopback names", () => {
    expect(["localhost", "127.0.0.1", "127.1.2.3", "[::1]", "app.localhost"].every(isLoopbackHost)).toBe(true);
    expect(["localhost.evil.example", "128.0.0.1", "10.0.0.1", "example.com"].some(isLoopbackHost)).toBe(false);
  });
});
