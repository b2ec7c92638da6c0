import { describe, expect, it } from "vitest";
import { openSandboxStorage } from "../storage";
import { sandboxClickCredentials } from "../../payments/click/sandbox-credentials";
import { clickConnection, clickSandboxCredentials, deriveClickSandboxCredentials } from "./connection";
import { testSandboxConfig } from "../fixtures/sandbox-config";

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
  const config = testSandboxConfig({ storeUrl: "http://store.test:3000/", payme: { merchantId: "m", testKey: "k", login: "Paycom" } });

  it("takes the configured values and store URL only, whatever an old version stored", () => {
    const storage = openSandboxStorage(":memory:");
    try {
      // What the removed cabinet form used to save: it is not read any more (issue 10).
      storage.setSetting("click.overrides", JSON.stringify({ secretKey: "edited", storeUrl: "http://other.test" }));
      expect(clickConnection({ config }, derived)).toEqual({ ...derived, storeUrl: "http://store.test:3000" });
    } finally {
      storage.close();
    }
  });
});

describe("deriveClickSandboxCredentials", () => {
  it("derives from APP_SECRET what the store seeds in sandbox mode (two implementations of one convention)", () => {
    for (const secret of ["a".repeat(32), "another app secret of some length 0123456789", "Ω-unicode-secret-with-more-than-32-chars"]) {
      const emulator = deriveClickSandboxCredentials(secret);
      expect(emulator).toEqual(sandboxClickCredentials(secret));
      expect(emulator.serviceId).toMatch(/^\d{5}$/);
      expect(emulator.secretKey).toMatch(/^[0-9a-f]{32}$/);
    }
  });
});
