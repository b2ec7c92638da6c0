import { describe, expect, it } from "vitest";
import { clientIp, isAuthorized, isPaymeAddress, normalizeIp, PAYME_IP_RANGE } from "./auth";

const basic = (credentials: string) => `Basic ${Buffer.from(credentials, "utf8").toString("base64")}`;

describe("isAuthorized", () => {
  const key = "k3y&With?Symbols#2024";

  it("accepts exactly Basic base64(login:key)", () => {
    expect(isAuthorized(basic(`Paycom:${key}`), "Paycom", key)).toBe(true);
    // The scheme is case-sensitive in our parser only as far as "Basic"; extra spaces are fine.
    expect(isAuthorized(`Basic   ${Buffer.from(`Paycom:${key}`).toString("base64")}  `, "Paycom", key)).toBe(true);
  });

  it("honours another login when the setting says so", () => {
    expect(isAuthorized(basic(`Merchant:${key}`), "Merchant", key)).toBe(true);
    expect(isAuthorized(basic(`Paycom:${key}`), "Merchant", key)).toBe(false);
  });

  it.each([
    ["no header", undefined],
    ["an empty header", ""],
    ["another scheme", `Bearer ${Buffer.from(`Paycom:${key}`).toString("base64")}`],
    ["the scheme without credentials", "Basic "],
    ["credentials that are not base64", "Basic ***"],
    ["a wrong key", basic("Paycom:wrong")],
    ["the key with a trailing character", basic(`Paycom:${key}x`)],
    ["a prefix of the key", basic(`Paycom:${key.slice(0, -1)}`)],
    ["another login", basic(`paycom:${key}`)],
    ["no login", basic(`:${key}`)],
    ["the key alone", basic(key)],
    ["extra segments (the sandbox's Paycom:Uzcard:…)", basic("Paycom:Uzcard:someRandomString2f8a4b")],
    ["extra segments after the right key", basic(`Paycom:${key}:extra`)],
    ["the login and key unencoded", `Basic Paycom:${key}`],
  ])("refuses %s", (_name, header) => {
    expect(isAuthorized(header, "Paycom", key)).toBe(false);
  });

  it("refuses everything when no key is configured", () => {
    expect(isAuthorized(basic("Paycom:"), "Paycom", undefined)).toBe(false);
    expect(isAuthorized(basic("Paycom:"), "Paycom", "")).toBe(false);
    expect(isAuthorized(basic("Paycom:undefined"), "Paycom", undefined)).toBe(false);
  });

  it("compares keys with non-ASCII characters by their bytes", () => {
    expect(isAuthorized(basic("Paycom:ключ-kalit"), "Paycom", "ключ-kalit")).toBe(true);
    expect(isAuthorized(basic("Paycom:ключ-kalit"), "Paycom", "ключ-kalin")).toBe(false);
  });
});

describe("normalizeIp", () => {
  it.each([
    ["::ffff:185.234.113.5", "185.234.113.5"],
    ["::FFFF:185.234.113.5", "185.234.113.5"],
    [" 185.234.113.5 ", "185.234.113.5"],
    ["185.234.113.5", "185.234.113.5"],
    ["::1", "::1"],
    ["2001:db8::1", "2001:db8::1"],
    [undefined, ""],
    ["", ""],
  ])("%s → %s", (input, expected) => {
    expect(normalizeIp(input)).toBe(expected);
  });
});

describe("isPaymeAddress", () => {
  it("accepts 185.234.113.1 to 185.234.113.15", () => {
    for (let last = PAYME_IP_RANGE.first; last <= PAYME_IP_RANGE.last; last++) {
      expect(isPaymeAddress(`185.234.113.${last}`), String(last)).toBe(true);
    }
  });

  it.each([
    "185.234.113.0",
    "185.234.113.16",
    "185.234.113.255",
    "185.234.113.",
    "185.234.113.05x",
    "185.234.113.1.2",
    "185.234.113.1/24",
    "185.178.51.1",
    "195.158.31.134",
    "127.0.0.1",
    "::ffff:185.234.113.5",
    "",
    "1185.234.113.5",
  ])("refuses %s", (address) => {
    expect(isPaymeAddress(address)).toBe(false);
  });

  it("accepts an IPv4-mapped IPv6 address once normalized", () => {
    expect(isPaymeAddress(normalizeIp("::ffff:185.234.113.5"))).toBe(true);
    expect(isPaymeAddress(clientIp("::ffff:185.234.113.5", undefined, []))).toBe(true);
  });
});

describe("clientIp", () => {
  it("is the socket's address when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientIp("10.0.0.7", "185.234.113.5", [])).toBe("10.0.0.7");
    expect(clientIp("::ffff:10.0.0.7", "185.234.113.5", [])).toBe("10.0.0.7");
  });

  it("is the socket's address when the socket is not a trusted proxy", () => {
    expect(clientIp("10.0.0.8", "185.234.113.5", ["10.0.0.7"])).toBe("10.0.0.8");
  });

  it("reads X-Forwarded-For from the right when the socket is a trusted proxy", () => {
    expect(clientIp("10.0.0.7", "185.234.113.5", ["10.0.0.7"])).toBe("185.234.113.5");
    // A client can prepend anything; only the hop our proxy appended counts.
    expect(clientIp("10.0.0.7", "185.234.113.5, 203.0.113.9", ["10.0.0.7"])).toBe("203.0.113.9");
  });

  it("skips further trusted proxies in the chain", () => {
    expect(clientIp("10.0.0.7", "185.234.113.5, 10.0.0.6", ["10.0.0.7", "10.0.0.6"])).toBe("185.234.113.5");
  });

  it("normalizes IPv4-mapped addresses on both sides", () => {
    expect(clientIp("::ffff:127.0.0.1", "::ffff:185.234.113.5", ["127.0.0.1"])).toBe("185.234.113.5");
    expect(clientIp("127.0.0.1", " ::ffff:185.234.113.5 ", ["::ffff:127.0.0.1"])).toBe("185.234.113.5");
  });

  it("is the trusted proxy itself when the header is missing or empty", () => {
    expect(clientIp("10.0.0.7", undefined, ["10.0.0.7"])).toBe("10.0.0.7");
    expect(clientIp("10.0.0.7", "", ["10.0.0.7"])).toBe("10.0.0.7");
    expect(clientIp("10.0.0.7", " , ", ["10.0.0.7"])).toBe("10.0.0.7");
  });

  it("is the leftmost hop when every hop is a trusted proxy", () => {
    expect(clientIp("10.0.0.7", "10.0.0.5, 10.0.0.6", ["10.0.0.5", "10.0.0.6", "10.0.0.7"])).toBe("10.0.0.5");
  });

  it("is empty without a socket address", () => {
    expect(clientIp(undefined, "185.234.113.5", [])).toBe("");
  });
});
