import { describe, expect, it } from "vitest";
import { parseEnv } from "../env";
import { callbackUrls } from "../merchant-keys/callback-urls";
import { sectionIds, sections } from "../merchant-keys/sections";
import { paymentRequestBody } from "./payment-request";
import { providers } from "./providers";
import { browserConnectOrigins, integrations, isProvider, lapseRules, paymentProviders, providerById, sandboxSeeds } from "./registry";

describe("the provider registry", () => {
  it("lists each provider once, and the API's provider enum is the registry's list", () => {
    expect(providers).toEqual(["payme", "click", "robokassa"]);
    expect(new Set(integrations.map((integration) => integration.id)).size).toBe(integrations.length);
    expect(paymentRequestBody.safeParse({ provider: "click" }).success).toBe(true);
    expect(paymentRequestBody.safeParse({ provider: "1c" }).success).toBe(false);
    expect(isProvider("payme")).toBe(true);
    expect(isProvider("1c")).toBe(false);
    expect(providerById("robokassa")?.id).toBe("robokassa");
    expect(providerById("__proto__")).toBeUndefined();
  });

  it("gives every settings section consistent fields: secrets, live requirements and defaults name real fields", () => {
    const prefixes = new Set<string>();
    for (const { settings } of integrations) {
      const names = settings.fields.map((field) => field.name);
      expect(prefixes.has(settings.prefix), settings.prefix).toBe(false);
      prefixes.add(settings.prefix);
      expect(settings.prefix).toBe(`${settings.id}.`);
      for (const name of [...settings.secrets, ...(settings.liveRequires ?? []), ...Object.keys(settings.defaults)]) expect(names, `${settings.id}.${name}`).toContain(name);
      for (const secret of settings.secrets) expect(settings.fields.find((field) => field.name === secret)?.type).toBe("secret");
    }
    expect(sectionIds).toEqual(["payme", "click", "robokassa", "exchange1c", "admin"]);
    expect(sections.payme.liveRequires).toEqual(["merchantId", "key"]);
  });

  it("seeds only declared fields, with sandbox credentials in sandbox mode and none in live mode", () => {
    const appSecret = "a".repeat(32);
    const sandbox = parseEnv({ PAYMENTS_MODE: "sandbox" });
    const live = parseEnv({ PAYMENTS_MODE: "live", APP_SECRET: appSecret, ADMIN_PASSWORD: "b".repeat(16) });
    for (const { settings } of integrations) {
      if (!settings.seed) continue;
      const seeded = settings.seed({ env: sandbox, appSecret });
      const names = settings.fields.map((field) => field.name);
      for (const name of Object.keys(seeded.values)) expect(names).toContain(name);
      for (const name of Object.keys(seeded.secrets)) expect(settings.secrets).toContain(name);
      const liveSecrets = Object.values(settings.seed({ env: live, appSecret }).secrets).filter(Boolean);
      expect(liveSecrets, settings.id).toEqual([]);
    }
    const payme = paymentProviders[0].settings.seed!({ env: sandbox, appSecret });
    expect(payme.values.merchantId).toMatch(/^[0-9a-f]{24}$/);
    expect(payme.secrets.testKey).toMatch(/^[0-9a-f]{32}$/);
  });

  it("builds the callback URLs from PUBLIC_URL without a double slash", () => {
    const urls = callbackUrls("https://shop.example/");
    expect(urls.payme).toEqual([{ label: "callbacks.paymeEndpoint", url: "https://shop.example/api/payme", method: "POST" }]);
    expect(urls.click.map((url) => url.url)).toEqual(["https://shop.example/api/click/prepare", "https://shop.example/api/click/complete"]);
    expect(urls.robokassa).toHaveLength(3);
    expect(urls.exchange1c[0]?.url).toBe("https://shop.example/api/1c/exchange");
  });

  it("exposes Payme's lapse rule, jobs and fast route for the settlement core and server.ts", () => {
    expect([...lapseRules().keys()]).toEqual(["payme"]);
    const payme = providerById("payme")!;
    expect(payme.jobs?.map((job) => job.name)).toEqual(["sweep", "receipt poll"]);
    expect(payme.fastRoutes?.map((route) => route.path)).toEqual(["/api/payme"]);
    expect(payme.fastRoutes?.[0]?.enabled({ env: parseEnv({ TOLOV_PAYME_FAST_PATH: "off" }) })).toBe(false);
    expect(payme.fastRoutes?.[0]?.enabled({ env: parseEnv({}) })).toBe(true);
  });

  it("gives the pages' CSP each provider's browser origins for the mode it is in (Payme's Subscribe endpoint)", () => {
    const env = parseEnv({ PAYMENTS_MODE: "sandbox", PUBLIC_URL: "http://127.0.0.1:3000", SANDBOX_PORT: "3001" });
    expect(browserConnectOrigins({}, env)).toEqual(["http://127.0.0.1:3001"]);
    expect(browserConnectOrigins({ payme: "test" }, env)).toEqual(["https://checkout.test.paycom.uz"]);
    expect(browserConnectOrigins({ payme: "live", click: "sandbox" }, env)).toEqual(["https://checkout.paycom.uz"]);
    expect(browserConnectOrigins({ payme: "live" }, { ...env, PAYME_SUBSCRIBE_URL: "https://proxy.example:8443/payme/api" })).toEqual(["https://proxy.example:8443"]);
  });

  it("hands the sandbox each provider's sandbox-mode seed: the environment's credentials, else those derived from APP_SECRET", () => {
    const appSecret = "c".repeat(32);
    const live = parseEnv({ PAYMENTS_MODE: "live", APP_SECRET: appSecret, ADMIN_PASSWORD: "b".repeat(16) });
    const seeds = sandboxSeeds({ env: live, appSecret });
    // Live mode in the environment still yields the sandbox's credentials: the emulators play the sandbox.
    expect(seeds.payme).toEqual(paymentProviders[0].settings.seed!({ env: { ...live, PAYMENTS_MODE: "sandbox" }, appSecret }));
    expect(seeds.payme?.secrets.testKey).toMatch(/^[0-9a-f]{32}$/);
    const given = sandboxSeeds({ env: { ...live, PAYME_MERCHANT_ID: "m".repeat(24), PAYME_TEST_KEY: "k".repeat(32) }, appSecret });
    expect(given.payme?.values.merchantId).toBe("m".repeat(24));
    expect(given.payme?.secrets.testKey).toBe("k".repeat(32));
    expect(Object.keys(seeds)).toEqual(["payme", "click", "robokassa"]);
  });
});
