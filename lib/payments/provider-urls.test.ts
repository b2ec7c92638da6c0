import { describe, expect, it } from "vitest";
import { clickApiUrlSpec, clickPayUrlSpec } from "./click/click-urls";
import { providerUrl, sandboxOrigin, type ProviderUrlEnv } from "./provider-urls";
import { robokassaApiUrlSpec, robokassaPayUrlSpec } from "./robokassa/robokassa-urls";
import type { PaymentsMode } from "../env";

const clickPayUrl = (mode: PaymentsMode, env: ProviderUrlEnv) => providerUrl(clickPayUrlSpec, mode, env);
const clickApiUrl = (mode: PaymentsMode, env: ProviderUrlEnv) => providerUrl(clickApiUrlSpec, mode, env);
const robokassaPayUrl = (mode: PaymentsMode, env: ProviderUrlEnv) => providerUrl(robokassaPayUrlSpec, mode, env);
const robokassaApiUrl = (mode: PaymentsMode, env: ProviderUrlEnv) => providerUrl(robokassaApiUrlSpec, mode, env);

const env = { PUBLIC_URL: "http://[::1]:3000", SANDBOX_PORT: 3001 };

describe("provider base URLs per mode", () => {
  it("puts the sandbox on the store's host at SANDBOX_PORT, keeping IPv6 brackets", () => {
    expect(sandboxOrigin(env)).toBe("http://[::1]:3001");
    expect(clickPayUrl("sandbox", env)).toBe("http://[::1]:3001/click/services/pay");
    expect(robokassaPayUrl("sandbox", env)).toBe("http://[::1]:3001/robokassa/Merchant/Index.aspx");
  });

  it("uses the providers' own hosts in test and live mode", () => {
    expect(clickPayUrl("live", env)).toBe("https://my.click.uz/services/pay");
    expect(clickApiUrl("test", env)).toBe("https://api.click.uz/v2/merchant");
    expect(robokassaPayUrl("test", env)).toBe("https://auth.robokassa.ru/Merchant/Index.aspx");
    expect(robokassaApiUrl("live", env)).toBe("https://auth.robokassa.ru");
  });

  it("lets each provider's environment variable override every mode, and only its own URL", () => {
    const custom = { ...env, CLICK_PAY_URL: "https://qa.example/click-pay", ROBOKASSA_API_URL: "https://qa.example/rk" };
    for (const mode of ["sandbox", "test", "live"] as const) {
      expect(clickPayUrl(mode, custom)).toBe("https://qa.example/click-pay");
      expect(robokassaApiUrl(mode, custom)).toBe("https://qa.example/rk");
      expect(clickApiUrl(mode, custom)).not.toContain("qa.example");
    }
    const spec = { sandboxPath: "/x", test: "https://t.example", live: "https://l.example", override: "CLICK_API_URL" } as const;
    expect(providerUrl(spec, "sandbox", env)).toBe("http://[::1]:3001/x");
  });
});
