// The dispatcher's envelope, authorization and error mapping, without a database: everything
// here is decided before (or instead of) any SQL. Method behaviour is tested end to end against
// the running store in test/payme-*.test.ts.
import { describe, expect, it, vi } from "vitest";
import type { SqlDatabase } from "../../../db/sql";
import { paymeSettingsSchema, type PaymeSettings } from "../payme-settings";
import { handleMerchantRequest, type MerchantDeps, type MerchantRequest } from "./dispatch";

const KEY = "unit-test-key-0123456789";
const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString("base64")}`;

/** A database handle that fails the test if anything reaches it. */
function untouchableSql(): SqlDatabase {
  const refuse = () => {
    throw new Error("the database must not be used here");
  };
  return { kind: "sqlite", all: refuse, get: refuse, run: refuse, transaction: refuse, close: async () => {} } as unknown as SqlDatabase;
}

function deps(overrides: Partial<PaymeSettings> = {}, extra: Partial<MerchantDeps> = {}): MerchantDeps {
  const settings = { ...paymeSettingsSchema.parse({ testKey: KEY, mode: "sandbox" }), ...overrides };
  return {
    sql: untouchableSql(),
    settings: async () => settings,
    changeKey: vi.fn(async () => {}),
    onError: vi.fn(),
    ...extra,
  };
}

function request(body: unknown, overrides: Partial<MerchantRequest> = {}): MerchantRequest {
  return {
    httpMethod: "POST",
    authorization: basic(`Paycom:${KEY}`),
    forwardedFor: undefined,
    remoteAddress: "127.0.0.1",
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...overrides,
  };
}

const unknownMethod = { jsonrpc: "2.0", id: 7, method: "NoSuchMethod", params: {} };

describe("handleMerchantRequest before any method runs", () => {
  it("answers -32300 to anything but POST", async () => {
    for (const httpMethod of ["GET", "PUT", "DELETE", "HEAD", "OPTIONS"]) {
      const response = await handleMerchantRequest(request(unknownMethod, { httpMethod }), deps());
      expect(response, httpMethod).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32300 } });
    }
  });

  it.each(["", "{", "not json", '{"method": "CheckTransaction",}', "\u0000"])("answers -32700 to the body %j", async (body) => {
    const response = await handleMerchantRequest(request(body), deps());
    expect(response).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32700, message: { ru: expect.any(String), uz: expect.any(String), en: expect.any(String) } },
    });
  });

  it("answers -32600 to a JSON body that is not a request, keeping the id when it can", async () => {
    expect(await handleMerchantRequest(request({ id: 5, params: {} }), deps())).toMatchObject({ id: 5, error: { code: -32600 } });
    expect(await handleMerchantRequest(request({ id: "a", method: "CheckTransaction" }), deps())).toMatchObject({ id: "a", error: { code: -32600 } });
    expect(await handleMerchantRequest(request("[]"), deps())).toMatchObject({ id: null, error: { code: -32600 } });
    expect(await handleMerchantRequest(request("null"), deps())).toMatchObject({ id: null, error: { code: -32600 } });
    expect(await handleMerchantRequest(request("42"), deps())).toMatchObject({ id: null, error: { code: -32600 } });
  });

  it("answers -32504 to wrong credentials without looking further", async () => {
    for (const authorization of [undefined, basic("Paycom:wrong"), basic(`Other:${KEY}`), basic("Paycom:Uzcard:someRandomString"), `Bearer ${KEY}`]) {
      const response = await handleMerchantRequest(request(unknownMethod, { authorization }), deps());
      expect(response, String(authorization)).toMatchObject({ id: 7, error: { code: -32504 } });
      expect("result" in response).toBe(false);
    }
  });

  it("authenticates with the live key in live mode and the test key otherwise", async () => {
    const both = { key: "live-key-abcdef", testKey: KEY };
    const live = deps({ ...both, mode: "live" });
    expect(await handleMerchantRequest(request(unknownMethod, { authorization: basic("Paycom:live-key-abcdef") }), live)).toMatchObject({ error: { code: -32601 } });
    expect(await handleMerchantRequest(request(unknownMethod), live)).toMatchObject({ error: { code: -32504 } });
    const test = deps({ ...both, mode: "test" });
    expect(await handleMerchantRequest(request(unknownMethod), test)).toMatchObject({ error: { code: -32601 } });
    expect(await handleMerchantRequest(request(unknownMethod, { authorization: basic("Paycom:live-key-abcdef") }), test)).toMatchObject({ error: { code: -32504 } });
  });

  it("refuses everyone when the active mode has no key", async () => {
    const response = await handleMerchantRequest(request(unknownMethod, { authorization: basic("Paycom:") }), deps({ testKey: undefined }));
    expect(response).toMatchObject({ error: { code: -32504 } });
  });

  it("answers -32601 with the method's name as data once authorized", async () => {
    expect(await handleMerchantRequest(request(unknownMethod), deps())).toEqual({
      jsonrpc: "2.0",
      id: 7,
      error: { code: -32601, message: { ru: expect.any(String), uz: expect.any(String), en: expect.any(String) }, data: "NoSuchMethod" },
    });
    // Method names are case-sensitive.
    const lower = await handleMerchantRequest(request({ ...unknownMethod, method: "checkTransaction" }), deps());
    expect(lower).toMatchObject({ error: { code: -32601, data: "checkTransaction" } });
  });

  it("answers -32600 to a known method with bad params, and -32602 to SetFiscalData's", async () => {
    expect(await handleMerchantRequest(request({ id: 1, method: "CheckTransaction", params: { id: 5 } }), deps())).toMatchObject({
      id: 1,
      error: { code: -32600 },
    });
    expect(await handleMerchantRequest(request({ id: 1, method: "CreateTransaction", params: { id: "x", time: 1, amount: "100", account: {} } }), deps())).toMatchObject({
      error: { code: -32600 },
    });
    expect(await handleMerchantRequest(request({ id: 1, method: "SetFiscalData", params: { id: "x", type: "BOTH", fiscal_data: {} } }), deps())).toMatchObject({
      error: { code: -32602 },
    });
  });
});

describe("IP allowlist", () => {
  const allowlisted = (trustedProxies: string[] = []) => deps({ ipAllowlist: true, trustedProxies });

  it("admits Payme's addresses, also IPv4-mapped", async () => {
    for (const remoteAddress of ["185.234.113.1", "185.234.113.15", "::ffff:185.234.113.5"]) {
      const response = await handleMerchantRequest(request(unknownMethod, { remoteAddress }), allowlisted());
      expect(response, remoteAddress).toMatchObject({ error: { code: -32601 } });
    }
  });

  it("refuses other addresses with -32504, even with the right key", async () => {
    for (const remoteAddress of ["127.0.0.1", "185.234.113.16", "185.178.51.1", "::1", undefined]) {
      const response = await handleMerchantRequest(request(unknownMethod, { remoteAddress }), allowlisted());
      expect(response, String(remoteAddress)).toMatchObject({ error: { code: -32504 } });
    }
  });

  it("believes X-Forwarded-For only from a trusted proxy", async () => {
    const forwarded = { remoteAddress: "127.0.0.1", forwardedFor: "::ffff:185.234.113.5" };
    expect(await handleMerchantRequest(request(unknownMethod, forwarded), allowlisted())).toMatchObject({ error: { code: -32504 } });
    expect(await handleMerchantRequest(request(unknownMethod, forwarded), allowlisted(["127.0.0.1"]))).toMatchObject({ error: { code: -32601 } });
    expect(
      await handleMerchantRequest(request(unknownMethod, { ...forwarded, forwardedFor: "203.0.113.9" }), allowlisted(["127.0.0.1"])),
    ).toMatchObject({ error: { code: -32504 } });
  });

  it("is off by default: any address with the right key passes", async () => {
    expect(await handleMerchantRequest(request(unknownMethod, { remoteAddress: "203.0.113.9" }), deps())).toMatchObject({ error: { code: -32601 } });
  });
});

describe("ChangePassword", () => {
  it("hands the new key to changeKey and answers success", async () => {
    const d = deps();
    const response = await handleMerchantRequest(request({ id: 3, method: "ChangePassword", params: { password: "n3w-k3y-value" } }), d);
    expect(response).toEqual({ jsonrpc: "2.0", id: 3, result: { success: true } });
    expect(d.changeKey).toHaveBeenCalledExactlyOnceWith("n3w-k3y-value");
  });

  it("changes nothing without authorization or with bad params", async () => {
    const d = deps();
    expect(
      await handleMerchantRequest(request({ id: 3, method: "ChangePassword", params: { password: "x" } }, { authorization: basic("Paycom:nope") }), d),
    ).toMatchObject({ error: { code: -32504 } });
    expect(await handleMerchantRequest(request({ id: 3, method: "ChangePassword", params: {} }), d)).toMatchObject({ error: { code: -32600 } });
    expect(d.changeKey).not.toHaveBeenCalled();
  });
});

describe("internal failures", () => {
  it("answers -32400 without leaking the cause when the settings cannot be read", async () => {
    const onError = vi.fn();
    const d = deps({}, { settings: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432 — SELECT "key" FROM "Setting"')), onError });
    const response = await handleMerchantRequest(request(unknownMethod), d);
    expect(response).toMatchObject({ id: 7, error: { code: -32400 } });
    const text = JSON.stringify(response);
    expect(text).not.toMatch(/ECONNREFUSED|SELECT|Setting|at .*\.ts/);
    expect(onError).toHaveBeenCalledOnce();
  });

  it("answers -32400 without leaking the cause when the database fails inside a method", async () => {
    const onError = vi.fn();
    const failing = {
      ...untouchableSql(),
      transaction: async () => {
        throw new Error('relation "PaymeTransaction" does not exist');
      },
    } as unknown as SqlDatabase;
    const response = await handleMerchantRequest(
      request({ id: 9, method: "CheckTransaction", params: { id: "5305e3bab097f420a62ced0b" } }),
      deps({}, { sql: failing, onError }),
    );
    expect(response).toMatchObject({ id: 9, error: { code: -32400 } });
    expect(JSON.stringify(response)).not.toMatch(/relation|PaymeTransaction|does not exist/);
    expect(onError).toHaveBeenCalledWith(expect.any(Error), "CheckTransaction");
  });
});
