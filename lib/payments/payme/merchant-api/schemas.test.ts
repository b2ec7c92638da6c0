import { describe, expect, it } from "vitest";
import {
  cancelTransactionParams,
  changePasswordParams,
  checkPerformTransactionParams,
  checkTransactionParams,
  createTransactionParams,
  getStatementParams,
  paymeRequestEnvelope,
  performTransactionParams,
  setFiscalDataParams,
} from "./schemas";

const PAYME_ID = "5305e3bab097f420a62ced0b";
const account = { order_id: "17" };

describe("paymeRequestEnvelope", () => {
  it("accepts Payme's request with a numeric or string id, or none", () => {
    for (const id of [2032, "2032", null, undefined]) {
      expect(paymeRequestEnvelope.safeParse({ jsonrpc: "2.0", id, method: "CheckTransaction", params: { id: PAYME_ID } }).success).toBe(true);
    }
    expect(paymeRequestEnvelope.safeParse({ method: "CheckTransaction", params: {} }).success).toBe(true);
  });

  it.each([
    ["no method", { params: {} }],
    ["an empty method", { method: "", params: {} }],
    ["a method that is not a string", { method: 5, params: {} }],
    ["no params", { method: "CheckTransaction" }],
    ["params as an array", { method: "CheckTransaction", params: [PAYME_ID] }],
    ["params null", { method: "CheckTransaction", params: null }],
    ["params as a string", { method: "CheckTransaction", params: "x" }],
    ["another JSON-RPC version", { jsonrpc: "1.0", method: "CheckTransaction", params: {} }],
    ["an id that is an object", { id: { n: 1 }, method: "CheckTransaction", params: {} }],
    ["an array body", [{ method: "CheckTransaction", params: {} }]],
    ["null", null],
    ["a number", 42],
  ])("refuses %s", (_name, body) => {
    expect(paymeRequestEnvelope.safeParse(body).success).toBe(false);
  });
});

describe("amounts (CheckPerformTransaction, CreateTransaction)", () => {
  it.each([1, 100, 50_000_000_00, 2 ** 31 + 5, Number.MAX_SAFE_INTEGER])("accepts %s", (amount) => {
    expect(checkPerformTransactionParams.safeParse({ amount, account }).success).toBe(true);
    expect(createTransactionParams.safeParse({ id: PAYME_ID, time: 1_700_000_000_000, amount, account }).success).toBe(true);
  });

  it.each([
    ["zero", 0],
    ["negative", -100],
    ["a fraction", 1.5],
    ["a string", "100"],
    ["2^53 (past JSON's exact range)", 2 ** 53],
    ["1e300", 1e300],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["null", null],
    ["missing", undefined],
  ])("refuses %s", (_name, amount) => {
    expect(checkPerformTransactionParams.safeParse({ amount, account }).success).toBe(false);
    expect(createTransactionParams.safeParse({ id: PAYME_ID, time: 1_700_000_000_000, amount, account }).success).toBe(false);
  });

  it("takes an amount parsed from JSON beyond 2^53 as out of range", () => {
    const params = JSON.parse('{"amount": 9007199254740993, "account": {"order_id": "17"}}') as unknown;
    expect(checkPerformTransactionParams.safeParse(params).success).toBe(false);
  });
});

describe("account", () => {
  it("accepts any object (the field's value is checked against the orders)", () => {
    expect(checkPerformTransactionParams.safeParse({ amount: 1, account: {} }).success).toBe(true);
    expect(checkPerformTransactionParams.safeParse({ amount: 1, account: { order_id: 17, phone: "998901234567" } }).success).toBe(true);
  });

  it.each([
    ["a string", "17"],
    ["a number", 17],
    ["null", null],
    ["an array", ["17"]],
    ["missing", undefined],
  ])("refuses %s", (_name, value) => {
    expect(checkPerformTransactionParams.safeParse({ amount: 1, account: value }).success).toBe(false);
    expect(createTransactionParams.safeParse({ id: PAYME_ID, time: 1, amount: 1, account: value }).success).toBe(false);
  });
});

describe("transaction ids and times", () => {
  it.each([
    ["empty", ""],
    ["a number", 5305],
    ["null", null],
    ["missing", undefined],
    ["too long", "x".repeat(65)],
  ])("refuses an id that is %s", (_name, id) => {
    expect(performTransactionParams.safeParse({ id }).success).toBe(false);
    expect(checkTransactionParams.safeParse({ id }).success).toBe(false);
    expect(cancelTransactionParams.safeParse({ id, reason: 5 }).success).toBe(false);
    expect(createTransactionParams.safeParse({ id, time: 1, amount: 1, account }).success).toBe(false);
  });

  it.each([
    ["a fraction", 1_700_000_000_000.5],
    ["a string", "1700000000000"],
    ["negative", -1],
    ["beyond 2^53", 2 ** 53],
    ["null", null],
  ])("refuses a time that is %s", (_name, time) => {
    expect(createTransactionParams.safeParse({ id: PAYME_ID, time, amount: 1, account }).success).toBe(false);
    expect(getStatementParams.safeParse({ from: time, to: 1 }).success).toBe(false);
    expect(getStatementParams.safeParse({ from: 1, to: time }).success).toBe(false);
  });

  it("accepts millisecond times and a zero `from`", () => {
    expect(getStatementParams.parse({ from: 0, to: 1_700_000_000_000 })).toEqual({ from: 0, to: 1_700_000_000_000 });
  });
});

describe("CancelTransaction reason", () => {
  it.each([1, 2, 3, 4, 5, 10])("accepts %s", (reason) => {
    expect(cancelTransactionParams.parse({ id: PAYME_ID, reason })).toEqual({ id: PAYME_ID, reason });
  });

  it.each([
    ["a string", "5"],
    ["a fraction", 5.5],
    ["missing", undefined],
  ])("refuses %s", (_name, reason) => {
    expect(cancelTransactionParams.safeParse({ id: PAYME_ID, reason }).success).toBe(false);
  });
});

describe("SetFiscalData", () => {
  const fiscal = {
    receipt_id: 6,
    status_code: 0,
    message: "accepted",
    terminal_id: "EP000000000025",
    fiscal_sign: "800001277155",
    qr_code_url: "https://ofd.soliq.uz/check?t=EP000000000025&r=6&c=20220608172700&s=800001277155",
    date: "20220608172700",
  };

  it("accepts PERFORM and CANCEL with receipt_id as a number or a string", () => {
    expect(setFiscalDataParams.safeParse({ id: PAYME_ID, type: "PERFORM", fiscal_data: fiscal }).success).toBe(true);
    expect(setFiscalDataParams.safeParse({ id: PAYME_ID, type: "CANCEL", fiscal_data: { ...fiscal, receipt_id: "6" } }).success).toBe(true);
    expect(setFiscalDataParams.safeParse({ id: PAYME_ID, type: "PERFORM", fiscal_data: { receipt_id: 6 } }).success).toBe(true);
  });

  it.each([
    ["an unknown type", { id: PAYME_ID, type: "REFUND", fiscal_data: fiscal }],
    ["a lower-case type", { id: PAYME_ID, type: "perform", fiscal_data: fiscal }],
    ["no fiscal_data", { id: PAYME_ID, type: "PERFORM" }],
    ["fiscal_data without receipt_id", { id: PAYME_ID, type: "PERFORM", fiscal_data: { status_code: 0 } }],
    ["receipt_id as a boolean", { id: PAYME_ID, type: "PERFORM", fiscal_data: { receipt_id: true } }],
    ["an empty receipt_id", { id: PAYME_ID, type: "PERFORM", fiscal_data: { receipt_id: "" } }],
    ["status_code as a string", { id: PAYME_ID, type: "PERFORM", fiscal_data: { receipt_id: 6, status_code: "0" } }],
    ["no id", { type: "PERFORM", fiscal_data: fiscal }],
  ])("refuses %s", (_name, params) => {
    expect(setFiscalDataParams.safeParse(params).success).toBe(false);
  });
});

describe("ChangePassword", () => {
  it("wants a non-empty password string", () => {
    expect(changePasswordParams.safeParse({ password: "n3w-k3y" }).success).toBe(true);
    expect(changePasswordParams.safeParse({ password: "" }).success).toBe(false);
    expect(changePasswordParams.safeParse({ password: 12345 }).success).toBe(false);
    expect(changePasswordParams.safeParse({}).success).toBe(false);
  });
});
