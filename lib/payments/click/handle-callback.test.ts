import { describe, expect, it } from "vitest";
import { handleClickCallback, type ClickCallbackDeps } from "./handle-callback";
import { createMemoryCallbackStore } from "./memory-callback-store";
import { clickSignString } from "./signature";

const SECRET = "TESTSECRETKEY";
const SETTINGS = { serviceId: "12345", secretKey: SECRET, windowMs: 30 * 60_000 };
const FORM = "application/x-www-form-urlencoded";

function fields(endpoint: "prepare" | "complete", overrides: Record<string, string> = {}): Record<string, string> {
  const result: Record<string, string> = {
    click_trans_id: "2345678901",
    service_id: "12345",
    click_paydoc_id: "3456789012",
    merchant_trans_id: "1001",
    amount: "15000.00",
    action: endpoint === "prepare" ? "0" : "1",
    error: "0",
    error_note: "Success",
    sign_time: "2026-12-01 14:00:00",
    ...overrides,
  };
  result.sign_string ??= clickSignString(
    {
      click_trans_id: result.click_trans_id!,
      service_id: result.service_id!,
      merchant_trans_id: result.merchant_trans_id!,
      merchant_prepare_id: result.merchant_prepare_id,
      amount: result.amount!,
      action: result.action!,
      sign_time: result.sign_time!,
    },
    SECRET,
  );
  return result;
}

function setup(now = () => Date.UTC(2026, 11, 1, 9)) {
  const memory = createMemoryCallbackStore({ now });
  memory.orders.set("1001", { amount: 1_500_000n, paid: 0n, refunded: 0n, cancelled: false, cancelRequested: false });
  const errors: unknown[] = [];
  const deps: ClickCallbackDeps = { settings: async () => SETTINGS, store: memory.store, now, onError: (error) => errors.push(error) };
  const call = async (endpoint: "prepare" | "complete", body: Record<string, string>) => {
    const response = await handleClickCallback(endpoint, { method: "POST", contentType: FORM, body: new URLSearchParams(body).toString() }, deps);
    expect(response.status).toBe(200);
    return JSON.parse(response.body) as Record<string, unknown>;
  };
  return { memory, deps, errors, call };
}

describe("handleClickCallback", () => {
  it("runs Prepare → Complete: one reservation, one payment, Click's answers", async () => {
    const { memory, call } = setup();
    const prepared = await call("prepare", fields("prepare"));
    expect(prepared).toEqual({ click_trans_id: 2345678901, merchant_trans_id: "1001", merchant_prepare_id: 1, error: 0, error_note: "Success" });
    expect(memory.snapshot("1001")).toMatchObject({ status: "processing", reservation: { provider: "click", reference: "2345678901" } });

    const completed = await call("complete", fields("complete", { merchant_prepare_id: "1" }));
    expect(completed).toEqual({ click_trans_id: 2345678901, merchant_trans_id: "1001", merchant_confirm_id: 2, error: 0, error_note: "Success" });
    expect(memory.ledger).toEqual([{ orderNumber: "1001", reference: "2345678901", paydocId: 3456789012n, amount: 1_500_000n }]);
    expect(memory.snapshot("1001")).toMatchObject({ status: "paid", reservation: null });

    // The same Complete again: the stored success. Another transaction on the paid order: -4.
    expect(await call("complete", fields("complete", { merchant_prepare_id: "1" }))).toEqual(completed);
    expect((await call("prepare", fields("prepare", { click_trans_id: "2345678902" }))).error).toBe(-4);
    expect(memory.ledger).toHaveLength(1);
  });

  it("accepts amounts 15000 and 15000.00 alike, each signed as sent", async () => {
    const { memory, call } = setup();
    expect((await call("prepare", fields("prepare", { amount: "15000" }))).error).toBe(0);
    expect((await call("complete", fields("complete", { amount: "15000", merchant_prepare_id: "1" }))).error).toBe(0);
    expect(memory.ledger[0]!.amount).toBe(1_500_000n);
  });

  it("answers duplicates that race on the lock with one stored answer and one payment", async () => {
    const { memory, call } = setup();
    const prepares = await Promise.all([1, 2, 3].map(() => call("prepare", fields("prepare"))));
    expect(new Set(prepares.map((answer) => JSON.stringify(answer))).size).toBe(1);
    const completes = await Promise.all([1, 2, 3].map(() => call("complete", fields("complete", { merchant_prepare_id: "1" }))));
    expect(completes.map((answer) => answer.error)).toEqual([0, 0, 0]);
    expect(new Set(completes.map((answer) => answer.merchant_confirm_id)).size).toBe(1);
    expect(memory.ledger).toHaveLength(1);
  });

  it("cancels via Complete with Click's error: -9, released, still payable", async () => {
    const { memory, call } = setup();
    await call("prepare", fields("prepare"));
    expect((await call("complete", fields("complete", { merchant_prepare_id: "1", error: "-5017", error_note: "Insufficient funds" }))).error).toBe(-9);
    expect(memory.snapshot("1001")).toMatchObject({ status: "pending", reservation: null });
    expect(memory.ledger).toEqual([]);
  });

  it("lets a shopper who retries replace the uncompleted Prepare; the replaced one's Complete gets -9", async () => {
    const { memory, call } = setup();
    await call("prepare", fields("prepare", { click_trans_id: "1111111111" }));
    const second = await call("prepare", fields("prepare"));
    expect(second).toMatchObject({ error: 0, merchant_prepare_id: 2 });
    expect((await call("complete", fields("complete", { click_trans_id: "1111111111", merchant_prepare_id: "1" }))).error).toBe(-9);
    expect((await call("complete", fields("complete", { merchant_prepare_id: "2" }))).error).toBe(0);
    expect(memory.ledger).toHaveLength(1);
  });

  it("accepts a Complete after the window while the order is still payable", async () => {
    let clock = Date.UTC(2026, 11, 1, 9);
    const { memory, call } = setup(() => clock);
    await call("prepare", fields("prepare"));
    clock += 31 * 60_000;
    expect(memory.snapshot("1001")).toMatchObject({ status: "pending", reservation: null });
    expect((await call("complete", fields("complete", { merchant_prepare_id: "1" }))).error).toBe(0);
    expect(memory.ledger).toHaveLength(1);
  });

  it("answers -9 to a Complete after the window when another provider holds the order", async () => {
    let clock = Date.UTC(2026, 11, 1, 9);
    const { memory, call } = setup(() => clock);
    await call("prepare", fields("prepare"));
    clock += 31 * 60_000;
    memory.reservations.set("1001", { provider: "payme", kind: "payme_transaction", reference: "abc", held: false, expiresAt: clock + 12 * 3_600_000 });
    expect((await call("complete", fields("complete", { merchant_prepare_id: "1" }))).error).toBe(-9);
    expect(memory.ledger).toEqual([]);
    expect(memory.reservations.get("1001")?.provider).toBe("payme");
  });

  it.each([
    ["-1: a bad signature", fields("prepare", { sign_string: "0".repeat(32) }), -1],
    ["-2: another amount", fields("prepare", { amount: "14999.99" }), -2],
    ["-3: a Complete action on prepare", fields("prepare", { action: "1" }), -3],
    ["-5: an unknown order", fields("prepare", { merchant_trans_id: "404" }), -5],
    ["-8: a missing field", (() => { const body = fields("prepare"); delete body.sign_time; return body; })(), -8],
  ])("answers %s and changes nothing", async (_name, body, code) => {
    const { memory, call } = setup();
    expect((await call("prepare", body)).error).toBe(code);
    expect(memory.attempts.size).toBe(0);
    expect(memory.reservations.size).toBe(0);
  });

  it("answers -6 to a Complete without its Prepare", async () => {
    const { call } = setup();
    expect(await call("complete", fields("complete", { merchant_prepare_id: "77" }))).toMatchObject({ error: -6, merchant_confirm_id: null });
  });

  it("answers -8 to a GET and to a body of the wrong type", async () => {
    const { deps } = setup();
    for (const http of [
      { method: "GET", contentType: FORM, body: "" },
      { method: "POST", contentType: "text/xml", body: "<x/>" },
      { method: "POST", contentType: "application/json", body: '{"click_trans_id":[1]}' },
    ]) {
      const response = await handleClickCallback("prepare", http, deps);
      expect(response).toMatchObject({ status: 200, contentType: "application/json; charset=utf-8" });
      expect(JSON.parse(response.body)).toMatchObject({ error: -8 });
    }
  });

  it("refuses a sender outside the allowlist with 403 and an empty body", async () => {
    const { deps, memory } = setup();
    const body = new URLSearchParams(fields("prepare")).toString();
    expect(await handleClickCallback("prepare", { method: "POST", contentType: FORM, body, sourceAllowed: false }, deps)).toEqual({ status: 403, contentType: undefined, body: "" });
    expect(memory.attempts.size).toBe(0);
  });

  it("answers -7 when our side fails, reporting the error only to onError", async () => {
    const { deps, errors } = setup();
    const failing: ClickCallbackDeps = { ...deps, store: { decide: async () => { throw new Error("database is down at 10.0.0.5"); } } };
    const response = await handleClickCallback("prepare", { method: "POST", contentType: FORM, body: new URLSearchParams(fields("prepare")).toString() }, failing);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ click_trans_id: 2345678901, merchant_trans_id: "1001", merchant_prepare_id: null, error: -7, error_note: "Failed to update user" });
    expect(response.body).not.toContain("10.0.0.5");
    expect(errors).toHaveLength(1);
  });
});
