import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseEnv } from "../env";
import { sandboxConfigFromEnv, SandboxConfigError } from "./config";

const dataDir = mkdtempSync(join(tmpdir(), "tolov-sandbox-config-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const env = (vars: Record<string, string> = {}) => parseEnv({ PAYMENTS_MODE: "sandbox", DATA_DIR: dataDir, ...vars });
const handedOver = { payme: { values: { merchantId: "a".repeat(24) }, secrets: { testKey: "b".repeat(32) } } };

describe("the sandbox's Payme credentials, without the store's settings code", () => {
  it("takes the ones the store hands over (derived from APP_SECRET by its settings' seed)", () => {
    const config = sandboxConfigFromEnv(env(), handedOver);
    expect(config.payme).toEqual({ merchantId: "a".repeat(24), testKey: "b".repeat(32), login: "Paycom" });
    expect(config.paymeCredentialsFrom).toBe("APP_SECRET");
  });

  it("prefers the environment's PAYME_MERCHANT_ID and PAYME_TEST_KEY", () => {
    const config = sandboxConfigFromEnv(env({ PAYME_MERCHANT_ID: "m".repeat(24), PAYME_TEST_KEY: "k".repeat(32) }), handedOver);
    expect(config.payme).toMatchObject({ merchantId: "m".repeat(24), testKey: "k".repeat(32) });
    expect(config.paymeCredentialsFrom).toBe("environment");
  });

  it("refuses to start with neither, naming what to set", () => {
    expect(() => sandboxConfigFromEnv(env())).toThrow(SandboxConfigError);
    expect(() => sandboxConfigFromEnv(env())).toThrow(/PAYME_MERCHANT_ID and PAYME_TEST_KEY/);
  });
});
