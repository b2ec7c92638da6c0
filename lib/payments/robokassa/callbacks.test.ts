import { describe, expect, it } from "vitest";
import {
  decideFail,
  decideResultNotification,
  decideSuccess,
  parseResultNotification,
  returnInvId,
  type RobokassaAttempt,
  type RobokassaCallbackKeys,
  type ResultUrlDecision,
} from "./callbacks";
import { robokassaHash, type RobokassaHashAlgorithm } from "./hash";
import { flattenParams } from "./schemas";

const keys: RobokassaCallbackKeys = { password1: "password_1", password2: "password_2", hash: "md5", live: true };
// The protocol file's ResultURL example: 100.26 roubles, bought for 1 000 000 tiyin.
const attempt: RobokassaAttempt = { invId: 450009n, orderNumber: "197", amount: 1_000_000n, outSum: 10_026n };

function hex(algorithm: RobokassaHashAlgorithm, text: string): string {
  const result = robokassaHash(algorithm, text);
  if (!result.ok) throw new Error(result.message);
  return result.hex.toUpperCase();
}

/** As Robokassa posts it: the form body of a live notification. */
function notification(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams({ Fee: "3.51", EMail: "buyer@example.com", PaymentMethod: "BankCard", IncCurrLabel: "BankCardPSR", ...fields });
}

/** `stored`: the attempt found under the InvId, `null` for none. */
function decide(search: URLSearchParams, stored: RobokassaAttempt | null = attempt, withKeys = keys): ResultUrlDecision {
  const parsed = parseResultNotification(search);
  return parsed.ok ? decideResultNotification(parsed.notification, stored ?? undefined, withKeys) : parsed.decision;
}

const valid = {
  OutSum: "100.26",
  InvId: "450009",
  SignatureValue: "A8D97B566F6F44E4429649F5ED7D11E4",
  Shp_oplata: "1",
  Shp_login: "Vasya",
};

describe("ResultURL", () => {
  it("records the attempt's tiyin and answers exactly OK{InvId}", () => {
    expect(decide(notification(valid))).toEqual({
      kind: "record_payment",
      payment: {
        provider: "robokassa",
        reference: "450009",
        orderNumber: "197",
        amount: 1_000_000n,
        outSum: 10_026n,
        fee: "3.51",
        paymentMethod: "BankCard",
        isTest: false,
      },
      answer: { status: 200, body: "OK450009" },
    });
  });

  it("accepts six-decimal OutSum signed as received, and answers a repeat the same way", () => {
    const six = notification({ ...valid, OutSum: "100.260000", SignatureValue: "C515724E8349AF0C429132BF59FB3B8D" });
    const first = decide(six);
    expect(first).toMatchObject({ kind: "record_payment", payment: { amount: 1_000_000n }, answer: { status: 200, body: "OK450009" } });
    expect(decide(six)).toEqual(first);
  });

  it("accepts a lower-case signature and a GET query as well as a form body", () => {
    const query = new URL(`https://shop.example/api/robokassa/result?${notification({ ...valid, SignatureValue: valid.SignatureValue.toLowerCase() })}`);
    expect(decide(query.searchParams)).toMatchObject({ kind: "record_payment", answer: { body: "OK450009" } });
  });

  it.each(["sha1", "sha256", "sha384", "sha512", "ripemd160"] as const)("verifies %s signatures", (algorithm) => {
    const signature = hex(algorithm, "100.26:450009:password_2:Shp_login=Vasya:Shp_oplata=1");
    expect(decide(notification({ ...valid, SignatureValue: signature }), attempt, { ...keys, hash: algorithm })).toMatchObject({
      kind: "record_payment",
    });
    // The same hex under MD5 settings is refused (no guessing of the algorithm).
    expect(decide(notification({ ...valid, SignatureValue: signature }))).toMatchObject({ kind: "reject", reason: "bad_signature" });
  });

  it.each([
    ["a forged signature", { SignatureValue: "A8D97B566F6F44E4429649F5ED7D11E5" }],
    ["a changed amount", { OutSum: "1.00" }],
    ["a dropped Shp_ parameter", { Shp_oplata: undefined }],
    ["an added Shp_ parameter", { Shp_extra: "1" }],
    ["a changed Shp_ value", { Shp_login: "Petya" }],
    ["a Password1 signature", { SignatureValue: hex("md5", "100.26:450009:password_1:Shp_login=Vasya:Shp_oplata=1") }],
  ])("refuses %s with 403 bad sign", (_label, change) => {
    const fields: Record<string, string> = { ...valid };
    for (const [name, value] of Object.entries(change)) {
      if (value === undefined) delete fields[name];
      else fields[name] = value;
    }
    expect(decide(notification(fields))).toEqual({ kind: "reject", reason: "bad_signature", answer: { status: 403, body: "bad sign" } });
  });

  it("refuses an unknown InvId with 404, after the signature", () => {
    expect(decide(notification(valid), null)).toEqual({ kind: "reject", reason: "unknown_invoice", answer: { status: 404, body: "unknown InvId" } });
    expect(decide(notification(valid), { ...attempt, invId: 450010n })).toMatchObject({ reason: "unknown_invoice" });
    expect(decide(notification({ ...valid, SignatureValue: "0".repeat(32) }), null)).toMatchObject({ reason: "bad_signature" });
  });

  it("refuses a validly signed notification for another amount with 409", () => {
    const cheaper = { ...valid, OutSum: "100.25", SignatureValue: hex("md5", "100.25:450009:password_2:Shp_login=Vasya:Shp_oplata=1") };
    expect(decide(notification(cheaper))).toEqual({ kind: "reject", reason: "wrong_amount", answer: { status: 409, body: "wrong amount" } });
    const subKopek = { ...valid, OutSum: "100.260001", SignatureValue: hex("md5", "100.260001:450009:password_2:Shp_login=Vasya:Shp_oplata=1") };
    expect(decide(notification(subKopek))).toMatchObject({ reason: "wrong_amount" });
  });

  it("refuses a test notification in live mode, accepts it in test mode", () => {
    const test = notification({ ...valid, IsTest: "1" });
    expect(decide(test)).toMatchObject({ kind: "reject", reason: "test_in_live", answer: { status: 403 } });
    expect(decide(test, attempt, { ...keys, live: false })).toMatchObject({ kind: "record_payment", payment: { isTest: true } });
  });

  it.each([
    ["no fields", new URLSearchParams()],
    ["no signature", new URLSearchParams({ OutSum: "100.26", InvId: "450009" })],
    ["a zero InvId", new URLSearchParams({ ...valid, InvId: "0" })],
    ["InvId above 2^63-1", new URLSearchParams({ ...valid, InvId: "9223372036854775808" })],
    ["InvId with leading zero", new URLSearchParams({ ...valid, InvId: "0450009" })],
    ["a comma amount", new URLSearchParams({ ...valid, OutSum: "100,26" })],
    ["a non-hex signature", new URLSearchParams({ ...valid, SignatureValue: "zz".repeat(16) })],
    ["a repeated InvId", new URLSearchParams(`${new URLSearchParams(valid)}&InvId=450010`)],
    ["an array-like value", new URLSearchParams("OutSum[]=1&InvId=1&SignatureValue=" + "a".repeat(32))],
  ])("answers %s with 400 and nothing to record", (_label, search) => {
    expect(decide(search)).toEqual({ kind: "reject", reason: "malformed", answer: { status: 400, body: "bad request" } });
  });

  it("answers 503 while Password2 is not configured", () => {
    expect(decide(notification(valid), attempt, { ...keys, password2: undefined })).toMatchObject({ reason: "not_configured", answer: { status: 503 } });
  });
});

describe("SuccessURL", () => {
  const success = (fields: Record<string, string>) =>
    new URLSearchParams({ OutSum: "100.26", InvId: "450009", Culture: "en", Shp_login: "Vasya", Shp_oplata: "1", ...fields });
  const signature = hex("md5", "100.26:450009:password_1:Shp_login=Vasya:Shp_oplata=1");

  it("shows the order as being confirmed when the Password1 signature matches", () => {
    expect(decideSuccess(success({ SignatureValue: signature }), attempt, keys)).toEqual({
      kind: "show_order",
      orderNumber: "197",
      invId: 450009n,
      outcome: "confirming",
      culture: "en",
    });
  });

  it("refuses a Password2 signature, a forged one and an unknown InvId", () => {
    const withPassword2 = success({ SignatureValue: "A8D97B566F6F44E4429649F5ED7D11E4" });
    expect(decideSuccess(withPassword2, attempt, keys)).toEqual({ kind: "reject", reason: "bad_signature", status: 403 });
    expect(decideSuccess(success({ SignatureValue: signature, OutSum: "1.00" }), attempt, keys)).toMatchObject({ reason: "bad_signature" });
    expect(decideSuccess(success({ SignatureValue: signature }), undefined, keys)).toEqual({ kind: "reject", reason: "unknown_invoice", status: 404 });
    expect(decideSuccess(success({}), attempt, keys)).toEqual({ kind: "reject", reason: "malformed", status: 400 });
  });
});

describe("FailURL", () => {
  it("shows the order unpaid, without a signature to check", () => {
    expect(decideFail(new URLSearchParams({ OutSum: "100.26", InvId: "450009", Culture: "ru" }), attempt)).toEqual({
      kind: "show_order",
      orderNumber: "197",
      invId: 450009n,
      outcome: "failed",
      culture: "ru",
    });
  });

  it("refuses junk and unknown invoices", () => {
    expect(decideFail(new URLSearchParams({ InvId: "abc" }), attempt)).toEqual({ kind: "reject", reason: "malformed", status: 400 });
    expect(decideFail(new URLSearchParams({ InvId: "1" }), undefined)).toEqual({ kind: "reject", reason: "unknown_invoice", status: 404 });
  });
});

describe("parameter helpers", () => {
  it("reads the InvId to look up for Success and Fail", () => {
    expect(returnInvId(new URLSearchParams({ InvId: "450009" }))).toBe(450009n);
    expect(returnInvId(new URLSearchParams({ InvId: "-1" }))).toBeUndefined();
    expect(returnInvId(new URLSearchParams("InvId=1&InvId=2"))).toBeUndefined();
  });

  it("refuses repeated names and keeps prototype names as plain data", () => {
    expect(flattenParams(new URLSearchParams("a=1&a=2"))).toEqual({ ok: false, duplicate: "a" });
    const result = flattenParams(new URLSearchParams("__proto__=x&constructor=y"));
    expect(result.ok && Object.entries(result.params)).toEqual([
      ["__proto__", "x"],
      ["constructor", "y"],
    ]);
  });
});
