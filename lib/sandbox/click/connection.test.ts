import { describe, expect, it } from "vitest";
import { openSandboxStorage } from "../storage";
import { clickConnection, clickSandboxCredentials, readClickOverrides, writeClickOverrides } from "./connection";

const derived = { serviceId: "11111", merchantId: "22222", merchantUserId: "33333", secretKey: "derived-secret" };

describe("clickSandboxCredentials", () => {
  it("takes every value from the environment when all are given, without deriving", () => {
    const env = { CLICK_SERVICE_ID: "1", CLICK_MERCHANT_ID: "2", CLICK_MERCHANT_USER_ID: "3", CLICK_SECRET_KEY: "s" };
    expect(clickSandboxCredentials(env, () => { throw new Error("derived"); })).toEqual({ serviceId: "1", merchantId: "2", merchantUserId: "3", secretKey: "s" });
  });

  it("fills what is missing from the derived values", () => {
    expect(clickSandboxCredentials({ CLICK_SECRET_KEY: "given", CLICK_SERVICE_ID: "" }, () => derived)).toEqual({ ...derived, secretKey: "given" });
  });
});

describe("clickConnection", () => {
  const config = {
    host: "127.0.0.1",
    port: 0,
    publicUrl: "http://127.0.0.1",
    dataDir: "/nonexistent",
    storeUrl: "http://store.test:3000/",
    payme: { merchantId: "m", testKey: "k", login: "Paycom" },
    paymeCredentialsFrom: "environment" as const,
    token: "sandbox-token-for-tests-".padEnd(43, "x"),
    tokenPath: "/nonexistent/sandbox-token",
  };

  it("applies QA's overrides over the configured values, and resets", () => {
    const storage = openSandboxStorage(":memory:");
    try {
      const context = { storage, config };
      expect(clickConnection(context, derived)).toEqual({ ...derived, storeUrl: "http://store.test:3000", overridden: false });
      writeClickOverrides(context, { secretKey: "edited", storeUrl: "http://other.test" });
      expect(readClickOverrides(context)).toEqual({ secretKey: "edited", storeUrl: "http://other.test" });
      expect(clickConnection(context, derived)).toMatchObject({ secretKey: "edited", storeUrl: "http://other.test", serviceId: "11111", overridden: true });
      writeClickOverrides(context, undefined);
      expect(clickConnection(context, derived).overridden).toBe(false);
    } finally {
      storage.close();
    }
  });

  it("ignores a stored value that no longer parses", () => {
    const storage = openSandboxStorage(":memory:");
    try {
      storage.setSetting("click.overrides", "{not json");
      expect(readClickOverrides({ storage })).toEqual({});
    } finally {
      storage.close();
    }
  });
});
