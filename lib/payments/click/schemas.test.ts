import { describe, expect, it } from "vitest";
import {
  clickCompleteAnswerSchema,
  clickPrepareAnswerSchema,
  completeAnswer,
  parseClickCallback,
  prepareAnswer,
  serializeClickAnswer,
  verifyClickCallback,
  type ClickEndpoint,
} from "./schemas";
import { clickSignString } from "./signature";

const SECRET = "TESTSECRETKEY";
const SETTINGS = { serviceId: "12345", secretKey: SECRET };
const FORM = "application/x-www-form-urlencoded";

/** A callback's fields signed as Click signs them (over the strings given). */
function signed(endpoint: ClickEndpoint, overrides: Record<string, string> = {}, secret = SECRET): Record<string, string> {
  const fields: Record<string, string> = {
    click_trans_id: "2345678901",
    service_id: "12345",
    click_paydoc_id: "3456789012",
    merchant_trans_id: "1001",
    amount: "15000.00",
    action: endpoint === "prepare" ? "0" : "1",
    error: "0",
    error_note: "Success",
    sign_time: "2024-05-20 12:34:56",
    ...(endpoint === "complete" ? { merchant_prepare_id: "77" } : {}),
    ...overrides,
  };
  fields.sign_string ??= clickSignString(
    {
      click_trans_id: fields.click_trans_id!,
      service_id: fields.service_id!,
      merchant_trans_id: fields.merchant_trans_id!,
      merchant_prepare_id: fields.merchant_prepare_id,
      amount: fields.amount!,
      action: fields.action!,
      sign_time: fields.sign_time!,
    },
    secret,
  );
  return fields;
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (body: string, contentType: string | null = FORM) => ({ method: "POST", contentType, body });

function parseAndVerify(endpoint: ClickEndpoint, fields: Record<string, string>) {
  const parsed = parseClickCallback(endpoint, post(form(fields)));
  if (!parsed.ok) throw new Error(`not parsed: ${parsed.reason}`);
  return verifyClickCallback(endpoint, parsed.request, SETTINGS);
}

describe("parseClickCallback", () => {
  it("parses a form-encoded Prepare, ids as bigint and the rest as raw strings", () => {
    const result = parseClickCallback("prepare", post(form(signed("prepare"))));
    expect(result).toEqual({
      ok: true,
      request: {
        click_trans_id: 2345678901n,
        service_id: "12345",
        click_paydoc_id: 3456789012n,
        merchant_trans_id: "1001",
        amount: "15000.00",
        action: "0",
        error: 0,
        error_note: "Success",
        sign_time: "2024-05-20 12:34:56",
        sign_string: signed("prepare").sign_string,
      },
    });
  });

  it("keeps ids beyond 2^53 exact", () => {
    const result = parseClickCallback("prepare", post(form(signed("prepare", { click_trans_id: "9223372036854775807", click_paydoc_id: "9007199254740993" }))));
    expect(result.ok && [result.request.click_trans_id, result.request.click_paydoc_id]).toEqual([9223372036854775807n, 9007199254740993n]);
  });

  it("accepts JSON with numbers and keeps their literal text", () => {
    const body = '{"click_trans_id":2345678901,"service_id":12345,"click_paydoc_id":3456789012,"merchant_trans_id":"1001","merchant_prepare_id":77,' +
      '"amount":15000.00,"action":1,"error":0,"error_note":"Success","sign_time":"2024-05-20 12:34:56","sign_string":"' + signed("complete").sign_string + '"}';
    const parsed = parseClickCallback("complete", post(body, "application/json"));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.request.amount).toBe("15000.00");
    expect(parsed.request.merchant_prepare_id).toBe("77");
    expect(verifyClickCallback("complete", parsed.request, SETTINGS)).toEqual({ ok: true, amount: 1_500_000n });
  });

  it("defaults a missing error_note to empty", () => {
    const { error_note: _omitted, ...fields } = signed("prepare");
    const result = parseClickCallback("prepare", post(form(fields)));
    expect(result.ok && result.request.error_note).toBe("");
  });

  it.each([
    "click_trans_id",
    "service_id",
    "click_paydoc_id",
    "merchant_trans_id",
    "amount",
    "action",
    "error",
    "sign_time",
    "sign_string",
  ])("answers -8 when %s is missing, echoing what it can", (field) => {
    const fields = signed("prepare");
    delete fields[field];
    const result = parseClickCallback("prepare", post(form(fields)));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.answer).toEqual({
      click_trans_id: field === "click_trans_id" ? null : 2345678901n,
      merchant_trans_id: field === "merchant_trans_id" ? null : "1001",
      merchant_prepare_id: null,
      error: -8,
      error_note: "Error in request from click",
    });
  });

  it("answers -8 to a Complete without merchant_prepare_id", () => {
    const { merchant_prepare_id: _omitted, ...fields } = signed("complete");
    const result = parseClickCallback("complete", post(form(fields)));
    expect(result.ok === false && result.answer).toMatchObject({ error: -8, merchant_confirm_id: null });
  });

  it.each([
    ["click_trans_id", "abc"],
    ["click_trans_id", "-5"],
    ["click_trans_id", "1.5"],
    ["click_trans_id", "0012"],
    ["click_trans_id", "9223372036854775808"],
    ["click_trans_id", "99999999999999999999999"],
    ["click_paydoc_id", "1e9"],
    ["click_paydoc_id", ""],
    ["service_id", "12a45"],
    ["merchant_trans_id", ""],
    ["merchant_trans_id", "10\u000001"],
    ["merchant_trans_id", "x".repeat(65)],
    ["action", "zero"],
    ["error", "n/a"],
    ["error", "-99999999999"],
    ["sign_time", "2024-05-20T12:34:56"],
    ["sign_time", "1716198896"],
    ["sign_string", ""],
    ["amount", ""],
  ])("answers -8 to %s = %j", (field, value) => {
    const result = parseClickCallback("prepare", post(form(signed("prepare", { [field]: value }))));
    expect(result.ok === false && result.answer.error).toBe(-8);
  });

  it.each([
    ["GET", FORM, form(signed("prepare"))],
    ["PUT", FORM, form(signed("prepare"))],
    ["POST", "text/plain", form(signed("prepare"))],
    ["POST", null, form(signed("prepare"))],
    ["POST", "application/json", "{not json"],
    ["POST", "application/json", "[]"],
    ["POST", "application/json", '{"click_trans_id":{"$gt":0}}'],
    ["POST", FORM, ""],
    ["POST", FORM, "%%%"],
  ])("answers -8 to %s %s %j", (method, contentType, body) => {
    const result = parseClickCallback("prepare", { method, contentType, body });
    expect(result.ok === false && result.answer.error).toBe(-8);
  });
});

describe("verifyClickCallback", () => {
  it("accepts a correctly signed Prepare and gives the amount in tiyin", () => {
    expect(parseAndVerify("prepare", signed("prepare"))).toEqual({ ok: true, amount: 1_500_000n });
  });

  it("accepts 15000, 15000.0 and 15000.00 when each is signed as sent: the same tiyin", () => {
    for (const amount of ["15000", "15000.0", "15000.00"]) {
      expect(parseAndVerify("prepare", signed("prepare", { amount }))).toEqual({ ok: true, amount: 1_500_000n });
    }
  });

  it("refuses an amount reformatted after signing (-1)", () => {
    const fields = signed("prepare", { amount: "15000" });
    fields.amount = "15000.00";
    expect(parseAndVerify("prepare", fields)).toMatchObject({ ok: false, code: -1 });
  });

  it("checks Complete's signature over merchant_prepare_id", () => {
    expect(parseAndVerify("complete", signed("complete"))).toEqual({ ok: true, amount: 1_500_000n });
    const fields = signed("complete");
    fields.merchant_prepare_id = "78";
    expect(parseAndVerify("complete", fields)).toMatchObject({ ok: false, code: -1 });
  });

  it.each<[string, Record<string, string>, number]>([
    ["another secret", signed("prepare", {}, "OTHER"), -1],
    ["a bad signature", signed("prepare", { sign_string: "0".repeat(32) }), -1],
    ["another service, signed with our secret", signed("prepare", { service_id: "54321" }), -1],
    ["action 1 on prepare", signed("prepare", { action: "1" }), -3],
    ["action 2", signed("prepare", { action: "2" }), -3],
    ["more than 2 decimals", signed("prepare", { amount: "15000.001" }), -2],
    ["a negative amount", signed("prepare", { amount: "-15000" }), -2],
    ["an exponent", signed("prepare", { amount: "1.5e4" }), -2],
    ["a huge amount", signed("prepare", { amount: "1".repeat(30) }), -2],
    ["zero", signed("prepare", { amount: "0.00" }), -2],
  ])("refuses %s", (_name, fields, code) => {
    expect(parseAndVerify("prepare", fields)).toMatchObject({ ok: false, code });
  });

  it("refuses action 0 on complete (-3)", () => {
    expect(parseAndVerify("complete", signed("complete", { action: "0" }))).toMatchObject({ ok: false, code: -3 });
  });

  it("checks the signature before anything else", () => {
    expect(parseAndVerify("prepare", signed("prepare", { action: "5", amount: "-1", sign_string: "x" }))).toMatchObject({ ok: false, code: -1 });
  });

  it("refuses every callback while no secret or service is configured", () => {
    const parsed = parseClickCallback("prepare", post(form(signed("prepare", {}, ""))));
    expect(parsed.ok && verifyClickCallback("prepare", parsed.request, { serviceId: "12345", secretKey: undefined })).toMatchObject({ ok: false, code: -1 });
    const good = parseClickCallback("prepare", post(form(signed("prepare"))));
    expect(good.ok && verifyClickCallback("prepare", good.request, { serviceId: "", secretKey: SECRET })).toMatchObject({ ok: false, code: -1 });
  });
});

describe("answers on the wire", () => {
  it("writes ids as exact JSON numbers and Complete's id as merchant_confirm_id", () => {
    const echo = { clickTransId: 9223372036854775807n, merchantTransId: "1001" };
    expect(serializeClickAnswer(prepareAnswer(0, echo, "77"))).toBe(
      '{"click_trans_id":9223372036854775807,"merchant_trans_id":"1001","merchant_prepare_id":77,"error":0,"error_note":"Success"}',
    );
    expect(serializeClickAnswer(completeAnswer(-9, echo))).toBe(
      '{"click_trans_id":9223372036854775807,"merchant_trans_id":"1001","merchant_confirm_id":null,"error":-9,"error_note":"Transaction cancelled"}',
    );
    expect(serializeClickAnswer(completeAnswer(-8, { clickTransId: null, merchantTransId: null }))).toBe(
      '{"click_trans_id":null,"merchant_trans_id":null,"merchant_confirm_id":null,"error":-8,"error_note":"Error in request from click"}',
    );
  });

  it("is valid JSON that Click's side reads back", () => {
    const echo = { clickTransId: 2345678901n, merchantTransId: 'quote"order' };
    const prepare = clickPrepareAnswerSchema.parse(JSON.parse(serializeClickAnswer(prepareAnswer(0, echo, "77"))));
    expect(prepare).toEqual({ click_trans_id: 2345678901n, merchant_trans_id: 'quote"order', merchant_prepare_id: "77", error: 0, error_note: "Success" });
    const complete = clickCompleteAnswerSchema.parse(JSON.parse(serializeClickAnswer(completeAnswer(-4, echo, null))));
    expect(complete).toMatchObject({ merchant_confirm_id: null, error: -4, error_note: "Already paid" });
  });

  it("reads answers whose ids are strings (as PHP integrations send them)", () => {
    const answer = clickCompleteAnswerSchema.parse({ click_trans_id: "2345678901", merchant_trans_id: "1001", merchant_confirm_id: "5", error: 0, error_note: "Success" });
    expect(answer.click_trans_id).toBe(2345678901n);
    expect(answer.merchant_confirm_id).toBe("5");
  });

  it("refuses answers with an unknown error code", () => {
    expect(clickPrepareAnswerSchema.safeParse({ click_trans_id: 1, merchant_trans_id: "1", merchant_prepare_id: 1, error: -10, error_note: "" }).success).toBe(false);
  });
});
