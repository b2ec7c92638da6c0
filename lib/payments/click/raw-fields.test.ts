import { describe, expect, it } from "vitest";
import { MAX_CLICK_BODY_BYTES, readClickFields } from "./raw-fields";

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

describe("readClickFields: form-encoded (as Click sends)", () => {
  it("decodes fields, with + and %20 as spaces", () => {
    const result = readClickFields("click_trans_id=2345678901&amount=15000.00&sign_time=2024-05-20+12%3A34%3A56&error_note=Success%20ok", FORM);
    expect(result).toEqual({
      ok: true,
      fields: { click_trans_id: "2345678901", amount: "15000.00", sign_time: "2024-05-20 12:34:56", error_note: "Success ok" },
    });
  });

  it("keeps the amount exactly as sent", () => {
    for (const amount of ["15000", "15000.0", "15000.00"]) {
      const result = readClickFields(`amount=${amount}`, `${FORM}; charset=UTF-8`);
      expect(result.ok && result.fields.amount).toBe(amount);
    }
  });

  it("refuses a field sent twice (which one was signed?)", () => {
    expect(readClickFields("amount=1&amount=2", FORM)).toEqual({ ok: false, reason: "duplicate_field" });
  });

  it("ignores prototype keys", () => {
    const result = readClickFields("__proto__=x&constructor=y&amount=1", FORM);
    expect(result.ok && Object.keys(result.fields)).toEqual(["amount"]);
  });
});

describe("readClickFields: JSON", () => {
  it("keeps number literals as written", () => {
    const body = '{"click_trans_id": 2345678901, "amount": 15000.00, "action": 0, "sign_time": "2024-05-20 12:34:56"}';
    expect(readClickFields(body, JSON_TYPE)).toEqual({
      ok: true,
      fields: { click_trans_id: "2345678901", amount: "15000.00", action: "0", sign_time: "2024-05-20 12:34:56" },
    });
  });

  it("keeps ids beyond 2^53 digit for digit", () => {
    const result = readClickFields('{"click_trans_id":9007199254740993123}', JSON_TYPE);
    expect(result.ok && result.fields.click_trans_id).toBe("9007199254740993123");
  });

  it("decodes string escapes and treats null as absent", () => {
    const result = readClickFields('{"error_note":"\\u041e\\u043a \\"x\\"","merchant_prepare_id":null}', `${JSON_TYPE}; charset=utf-8`);
    expect(result).toEqual({ ok: true, fields: { error_note: 'Ок "x"' } });
  });

  it("accepts an empty object", () => {
    expect(readClickFields(" { } ", JSON_TYPE)).toEqual({ ok: true, fields: {} });
  });

  it.each([
    ["nested object", '{"a":{"b":1}}', "not_flat"],
    ["array value", '{"a":[1]}', "not_flat"],
    ["top-level array", "[1,2]", "not_flat"],
    ["boolean", '{"a":true}', "not_flat"],
    ["trailing comma", '{"a":1,}', "syntax"],
    ["garbage after", '{"a":1} x', "syntax"],
    ["single quotes", "{'a':1}", "syntax"],
    ["bare word", '{"a":abc}', "syntax"],
    ["leading zero", '{"a":015}', "syntax"],
    ["not JSON", "click_trans_id=1", "syntax"],
    ["empty", "", "syntax"],
    ["duplicate key", '{"a":"1","a":"2"}', "duplicate_field"],
    ["unterminated", '{"a":"1"', "syntax"],
    ["raw control character", '{"a":"x\u0001"}', "syntax"],
  ])("refuses %s", (_name, body, reason) => {
    expect(readClickFields(body, JSON_TYPE)).toEqual({ ok: false, reason });
  });
});

describe("readClickFields: anything else", () => {
  it.each([undefined, null, "", "text/plain", "multipart/form-data; boundary=x", "application/xml"])("refuses content type %j", (type) => {
    expect(readClickFields("amount=1", type)).toEqual({ ok: false, reason: "content_type" });
  });

  it("refuses a body over the limit", () => {
    expect(readClickFields(`a=${"x".repeat(MAX_CLICK_BODY_BYTES)}`, FORM)).toEqual({ ok: false, reason: "too_large" });
  });
});
