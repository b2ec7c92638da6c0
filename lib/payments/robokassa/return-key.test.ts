import { describe, expect, it } from "vitest";
import { robokassaApiUrls } from "./refunds";
import { isRobokassaReturnKey, robokassaReturnKey } from "./return-key";

describe("Shp_key (FailURL's proof that the shopper came from the invoice)", () => {
  it("is bound to the InvId and the APP_SECRET, and checked exactly", () => {
    const key = robokassaReturnKey("secret-a", 41n);
    expect(key).toMatch(/^[0-9a-f]{20}$/);
    expect(robokassaReturnKey("secret-a", 41n)).toBe(key);
    expect(robokassaReturnKey("secret-a", 42n)).not.toBe(key);
    expect(robokassaReturnKey("secret-b", 41n)).not.toBe(key);
    expect(isRobokassaReturnKey("secret-a", 41n, key)).toBe(true);
    for (const wrong of [undefined, null, "", key.toUpperCase(), key.slice(1), `${key}0`]) {
      expect(isRobokassaReturnKey("secret-a", 41n, wrong)).toBe(false);
    }
  });
});

describe("robokassaApiUrls", () => {
  const env = { PUBLIC_URL: "http://shop.example:3000", SANDBOX_PORT: 3001, ROBOKASSA_API_URL: undefined };

  it("mounts OpStateExt and the refund service under the emulator in sandbox mode", () => {
    expect(robokassaApiUrls({ mode: "sandbox" }, env)).toEqual({
      opState: "http://shop.example:3001/robokassa/Merchant/WebService/Service.asmx/OpStateExt",
      refunds: "http://shop.example:3001/robokassa/RefundService",
    });
  });

  it("uses Robokassa's two hosts in test and live mode", () => {
    for (const mode of ["test", "live"] as const) {
      expect(robokassaApiUrls({ mode }, env)).toEqual({
        opState: "https://auth.robokassa.ru/Merchant/WebService/Service.asmx/OpStateExt",
        refunds: "https://services.robokassa.ru/RefundService",
      });
    }
  });

  it("puts both under ROBOKASSA_API_URL when it is set", () => {
    expect(robokassaApiUrls({ mode: "live" }, { ...env, ROBOKASSA_API_URL: "http://10.0.0.5:9000/rk/" })).toEqual({
      opState: "http://10.0.0.5:9000/rk/Merchant/WebService/Service.asmx/OpStateExt",
      refunds: "http://10.0.0.5:9000/rk/RefundService",
    });
  });
});
