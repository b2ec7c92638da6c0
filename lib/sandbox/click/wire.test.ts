import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { merchantAuthDigest, readJsonFields, readShopAnswer, sameSecret, shopSignString, sumToTiyin, tashkentDay, tiyinToSum } from "./wire";

// The emulator's own wire code, checked against the protocol file's rules directly (never
// against the store's code: the two are meant to disagree when one of them is wrong).
describe("Click wire, the emulator's side", () => {
  it("reads sums as tiyin exactly and refuses what Click never sends", () => {
    expect(sumToTiyin("15000")).toBe(1_500_000n);
    expect(sumToTiyin("15000.0")).toBe(1_500_000n);
    expect(sumToTiyin("15000.00")).toBe(1_500_000n);
    expect(sumToTiyin("0.07")).toBe(7n);
    expect(sumToTiyin("999999999999999.99")).toBe(99_999_999_999_999_999n);
    for (const bad of ["", "-1", "1e3", "015000", "15000.001", "15 000", "15000.", ".5", "0x10", "1000000000000000"]) expect(sumToTiyin(bad), bad).toBeNull();
    expect(tiyinToSum(1_500_000n)).toBe("15000.00");
    expect(tiyinToSum(105n)).toBe("1.05");
    expect(tiyinToSum(0n)).toBe("0.00");
  });

  it("signs Prepare and Complete over the raw strings (MD5 of the protocol's concatenation)", () => {
    const prepare = { click_trans_id: "12345", service_id: "777", merchant_trans_id: "1001", amount: "15000.00", action: "0", sign_time: "2026-12-01 10:00:00" };
    const md5 = (text: string) => createHash("md5").update(text).digest("hex");
    expect(shopSignString(prepare, "S3cr3t")).toBe(md5("12345777S3cr3t100115000.0002026-12-01 10:00:00"));
    expect(shopSignString({ ...prepare, amount: "15000" }, "S3cr3t")).not.toBe(shopSignString(prepare, "S3cr3t"));
    const complete = { ...prepare, merchant_prepare_id: "9", action: "1" };
    expect(shopSignString(complete, "S3cr3t")).toBe(md5("12345777S3cr3t1001915000.0012026-12-01 10:00:00"));
  });

  it("checks the Merchant API's Auth digest and compares secrets exactly", () => {
    expect(merchantAuthDigest("1764583200", "key")).toBe(createHash("sha1").update("1764583200key").digest("hex"));
    expect(sameSecret("abc", "abc")).toBe(true);
    expect(sameSecret("abc", "abd")).toBe(false);
    expect(sameSecret("abc", "abcd")).toBe(false);
  });

  it("dates in Tashkent (UTC+5)", () => {
    expect(tashkentDay(Date.UTC(2026, 10, 30, 19, 0, 0))).toBe("2026-12-01");
    expect(tashkentDay(Date.UTC(2026, 10, 30, 18, 59, 59))).toBe("2026-11-30");
  });

  it("reads flat JSON keeping number literals and big ids exact; refuses nesting, booleans and repeated keys", () => {
    expect(readJsonFields(`{"service_id": 777, "amount": 15000.00, "phone_number": "998901234567", "merchant_trans_id": "10-01", "x": null}`)).toEqual({
      service_id: "777",
      amount: "15000.00",
      phone_number: "998901234567",
      merchant_trans_id: "10-01",
    });
    expect(readJsonFields(`{"id": 12345678901234567890, "note": "a \\"quoted\\" 15.5"}`)).toEqual({ id: "12345678901234567890", note: 'a "quoted" 15.5' });
    for (const bad of [`[1]`, `{"a": {"b": 1}}`, `{"a": true}`, `{"a": 1, "a": 2}`, `{"a": 1`, `1`, `null`]) expect(readJsonFields(bad), bad).toBeNull();
  });

  it("reads the store's answers as Click does", () => {
    expect(readShopAnswer("prepare", `{"click_trans_id":9223372036854775807,"merchant_trans_id":"1001","merchant_prepare_id":17,"error":0,"error_note":"Success"}`)).toEqual({
      click_trans_id: 9223372036854775807n,
      merchant_trans_id: "1001",
      merchant_prepare_id: "17",
      error: 0,
      error_note: "Success",
    });
    expect(readShopAnswer("complete", `{"click_trans_id":5,"merchant_trans_id":"1001","merchant_confirm_id":null,"error":-9,"error_note":"Transaction cancelled"}`)).toMatchObject({
      merchant_confirm_id: null,
      error: -9,
    });
    expect(readShopAnswer("prepare", `{"click_trans_id":5,"merchant_trans_id":"1","error":-10}`)).toBeNull();
    expect(readShopAnswer("prepare", `<html>`)).toBeNull();
  });
});
