import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sandboxRobokassaCredentials } from "../../payments/robokassa/sandbox-credentials";
import { derivedSandboxShop, kopeksToRoubles, payLinkBase, resultBase, roublesToKopeks, signatureMatches, signUpper, sixDecimals, wireParams } from "./wire";

// The formula checks of shared/docs/protocols/robokassa.md, reproduced by the emulator's own code.
describe("the emulator's wire code", () => {
  it("signs the protocol file's links and notifications", () => {
    expect(signUpper("md5", payLinkBase({ login: "demo", outSum: "8.96", invId: "12345", password1: "password_1", shp: {} }))).toBe(
      "a25875df772fb4bf82c74c9571fa4999".toUpperCase(),
    );
    const shp = { Shp_oplata: "1", Shp_login: "Vasya" };
    expect(signUpper("md5", payLinkBase({ login: "demo", outSum: "8.96", invId: "12345", password1: "password_1", shp }))).toBe(
      "324F4A6BC45FA3762B58C3C40E91F83D",
    );
    expect(signUpper("md5", resultBase("100.26", "450009", "password_2", shp))).toBe("A8D97B566F6F44E4429649F5ED7D11E4");
    expect(signUpper("md5", resultBase("100.260000", "450009", "password_2", shp))).toBe("C515724E8349AF0C429132BF59FB3B8D");
  });

  it("puts the Receipt after InvId and before Password1, as sent", () => {
    const base = payLinkBase({ login: "demo", outSum: "1.00", invId: "7", receipt: "%7B%7D", password1: "p1", shp: { Shp_b: "2", Shp_a: "1" } });
    expect(base).toBe("demo:1.00:7:%7B%7D:p1:Shp_a=1:Shp_b=2");
  });

  it("compares signatures in either case and refuses other hex", () => {
    const base = resultBase("100.26", "450009", "password_2", {});
    const hex = signUpper("sha256", base);
    expect(signatureMatches("sha256", base, hex)).toBe(true);
    expect(signatureMatches("sha256", base, hex.toLowerCase())).toBe(true);
    expect(signatureMatches("sha256", base, hex.slice(0, -1))).toBe(false);
    expect(signatureMatches("md5", base, hex)).toBe(false);
  });

  it("reads and writes roubles in kopeks", () => {
    expect(roublesToKopeks("100.260000")).toBe(10026n);
    expect(roublesToKopeks("10")).toBe(1000n);
    expect(roublesToKopeks("0.5")).toBe(50n);
    expect(roublesToKopeks("1.005")).toBeUndefined();
    expect(roublesToKopeks("1,00")).toBeUndefined();
    expect(kopeksToRoubles(896n)).toBe("8.96");
    expect(kopeksToRoubles(5n)).toBe("0.05");
    expect(sixDecimals(10026n)).toBe("100.260000");
  });

  it("refuses a repeated parameter", () => {
    expect(wireParams(new URLSearchParams("InvId=1&InvId=2"))).toBeUndefined();
    expect(wireParams(new URLSearchParams("InvId=1&Shp_a=x"))).toEqual({ InvId: "1", Shp_a: "x" });
  });

  it("derives the sandbox shop by the shared rule", () => {
    const secret = "s".repeat(40);
    const expected = createHmac("sha256", secret).update("tolov sandbox robokassa test password 1").digest("hex").slice(0, 24);
    expect(derivedSandboxShop(secret).password1).toBe(expected);
    // The store seeds the same shop (both sides written apart, so a drift shows here).
    const store = sandboxRobokassaCredentials(secret);
    expect(derivedSandboxShop(secret)).toEqual({ login: store.login, password1: store.testPassword1, password2: store.testPassword2, password3: store.password3 });
  });
});
