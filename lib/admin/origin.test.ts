import { describe, expect, it } from "vitest";
import { isSameOriginRequest, type OriginInput } from "./origin";

const base: OriginInput = {
  method: "write",
  origin: "http://shop.example.uz",
  secFetchSite: "same-origin",
  host: "shop.example.uz",
  publicUrl: "http://shop.example.uz",
};

describe("admin origin check", () => {
  it("accepts a same-origin write", () => {
    expect(isSameOriginRequest(base)).toBe(true);
    expect(isSameOriginRequest({ ...base, secFetchSite: null })).toBe(true);
  });

  it("refuses a write from another site, whatever it claims", () => {
    expect(isSameOriginRequest({ ...base, origin: "https://evil.example" })).toBe(false);
    expect(isSameOriginRequest({ ...base, origin: "https://evil.example", secFetchSite: null })).toBe(false);
    expect(isSameOriginRequest({ ...base, secFetchSite: "cross-site" })).toBe(false);
    expect(isSameOriginRequest({ ...base, secFetchSite: "same-site", origin: "http://sub.example.uz" })).toBe(false);
    expect(isSameOriginRequest({ ...base, origin: "null" })).toBe(false);
  });

  it("refuses a write that proves nothing (no Origin, no Sec-Fetch-Site)", () => {
    expect(isSameOriginRequest({ ...base, origin: null, secFetchSite: null })).toBe(false);
  });

  it("accepts the store's public origin behind a proxy", () => {
    expect(
      isSameOriginRequest({ ...base, publicUrl: "https://shop.uz", origin: "https://shop.uz", host: "127.0.0.1:3000" }),
    ).toBe(true);
  });

  it("lets a typed-in read through but not a cross-site one", () => {
    expect(isSameOriginRequest({ ...base, method: "read", origin: null, secFetchSite: "none" })).toBe(true);
    expect(isSameOriginRequest({ ...base, method: "read", origin: null, secFetchSite: null })).toBe(true);
    expect(isSameOriginRequest({ ...base, method: "read", origin: null, secFetchSite: "cross-site" })).toBe(false);
  });
});
