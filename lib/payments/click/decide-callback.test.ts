import { describe, expect, it } from "vitest";
import {
  decideComplete,
  decidePrepare,
  type ClickAttempt,
  type ClickOrderSnapshot,
  type CompleteInput,
  type PrepareInput,
} from "./decide-callback";
import { completeAnswer, prepareAnswer, type ClickCompleteRequest, type ClickPrepareRequest } from "./schemas";

const NOW = Date.UTC(2026, 11, 1, 9, 0, 0);
const WINDOW = 30 * 60_000;
const TRANS = 2345678901n;

const prepareRequest = (overrides: Partial<ClickPrepareRequest> = {}): ClickPrepareRequest => ({
  click_trans_id: TRANS,
  service_id: "12345",
  click_paydoc_id: 3456789012n,
  merchant_trans_id: "1001",
  amount: "15000.00",
  action: "0",
  error: 0,
  error_note: "Success",
  sign_time: "2026-12-01 14:00:00",
  sign_string: "x",
  ...overrides,
});

const completeRequest = (overrides: Partial<ClickCompleteRequest> = {}): ClickCompleteRequest => ({
  ...prepareRequest({ action: "1" }),
  merchant_prepare_id: "77",
  ...overrides,
});

const order = (overrides: Partial<ClickOrderSnapshot> = {}): ClickOrderSnapshot => ({
  number: "1001",
  status: "pending",
  outstanding: 1_500_000n,
  cancelRequested: false,
  reservation: null,
  ...overrides,
});

const clickHolder = (reference: string) => ({ provider: "click", kind: "click_prepare", reference, held: false });

const attempt = (overrides: Partial<ClickAttempt> = {}): ClickAttempt => ({
  clickTransId: TRANS,
  clickPaydocId: 3456789012n,
  merchantTransId: "1001",
  merchantPrepareId: "77",
  amount: 1_500_000n,
  state: "prepared",
  prepareAnswer: prepareAnswer(0, { clickTransId: TRANS, merchantTransId: "1001" }, "77"),
  completeAnswer: null,
  ...overrides,
});

function prepare(overrides: Partial<PrepareInput> = {}) {
  return decidePrepare({
    request: prepareRequest(),
    amount: 1_500_000n,
    order: order(),
    attempt: null,
    newPrepareId: "77",
    now: NOW,
    windowMs: WINDOW,
    ...overrides,
  });
}

function complete(overrides: Partial<CompleteInput> = {}) {
  return decideComplete({
    request: completeRequest(),
    amount: 1_500_000n,
    attempt: attempt(),
    order: order({ status: "processing", reservation: clickHolder(String(TRANS)) }),
    newConfirmId: "501",
    ...overrides,
  });
}

describe("decidePrepare", () => {
  it("reserves a payable order for the window and answers merchant_prepare_id", () => {
    const decision = prepare();
    const answer = { click_trans_id: TRANS, merchant_trans_id: "1001", merchant_prepare_id: "77", error: 0, error_note: "Success" };
    expect(decision).toEqual({
      answer,
      effect: {
        kind: "reserve",
        orderNumber: "1001",
        clickTransId: TRANS,
        clickPaydocId: 3456789012n,
        merchantPrepareId: "77",
        amount: 1_500_000n,
        expiresAt: NOW + WINDOW,
        replaces: null,
        answer,
      },
    });
  });

  it("asks for the outstanding amount of a partially paid order", () => {
    const partial = order({ status: "partially_paid", outstanding: 500_000n });
    expect(prepare({ order: partial, amount: 500_000n }).answer.error).toBe(0);
    expect(prepare({ order: partial, amount: 1_500_000n })).toMatchObject({ answer: { error: -2, merchant_prepare_id: null }, effect: { kind: "none" } });
  });

  it.each([
    ["less", 1_499_999n],
    ["more", 1_500_001n],
  ])("answers -2 to %s than the outstanding amount, changing nothing", (_name, amount) => {
    expect(prepare({ amount })).toEqual({
      answer: { click_trans_id: TRANS, merchant_trans_id: "1001", merchant_prepare_id: null, error: -2, error_note: "Incorrect parameter amount" },
      effect: { kind: "none" },
    });
  });

  it("answers -5 to an unknown order", () => {
    expect(prepare({ order: null })).toMatchObject({ answer: { error: -5, error_note: "User does not exist" }, effect: { kind: "none" } });
  });

  it.each(["paid", "refunded", "partially_refunded"] as const)("answers -4 to a %s order", (status) => {
    expect(prepare({ order: order({ status, outstanding: 0n }) })).toMatchObject({ answer: { error: -4 }, effect: { kind: "none" } });
  });

  it("answers -4 to an order paid in full even if the amount differs (not -2)", () => {
    expect(prepare({ order: order({ status: "paid", outstanding: 0n }), amount: 1n }).answer.error).toBe(-4);
  });

  it.each<[string, Partial<ClickOrderSnapshot>]>([
    ["cancelled", { status: "cancelled" }],
    ["cancel requested", { status: "processing", cancelRequested: true, reservation: { provider: "payme", kind: "payme_transaction", reference: "t", held: false } }],
    ["on hold", { status: "authorized", reservation: { provider: "payme", kind: "payme_receipt", reference: "r", held: true } }],
    ["reserved by Payme", { status: "processing", reservation: { provider: "payme", kind: "payme_transaction", reference: "t", held: false } }],
    ["reserved by a Payme receipt", { status: "processing", reservation: { provider: "payme", kind: "payme_receipt", reference: "r", held: false } }],
    ["processing without a holder in the snapshot", { status: "processing" }],
  ])("answers -9 when the order is %s", (_name, overrides) => {
    expect(prepare({ order: order(overrides) })).toMatchObject({ answer: { error: -9, error_note: "Transaction cancelled" }, effect: { kind: "none" } });
  });

  it("answers -9 to an order cancelled while 1C asked to cancel, even with a Click prepare holding it", () => {
    expect(prepare({ order: order({ status: "processing", cancelRequested: true, reservation: clickHolder("111") }) }).answer.error).toBe(-9);
  });

  it("replaces an uncompleted Click Prepare of another transaction", () => {
    const decision = prepare({ order: order({ status: "processing", reservation: clickHolder("1111111111") }) });
    expect(decision.answer).toMatchObject({ error: 0, merchant_prepare_id: "77" });
    expect(decision.effect).toMatchObject({ kind: "reserve", replaces: "1111111111", expiresAt: NOW + WINDOW });
  });

  it("does not replace a held Click reservation", () => {
    const holder = { ...clickHolder("1111111111"), held: true };
    expect(prepare({ order: order({ status: "authorized", reservation: holder }) }).answer.error).toBe(-9);
  });

  it("replays the stored answer to a repeated Prepare, whatever happened since", () => {
    const stored = attempt();
    for (const snapshot of [order(), order({ status: "paid", outstanding: 0n }), order({ status: "processing", reservation: clickHolder(String(TRANS)) })]) {
      expect(prepare({ attempt: stored, order: snapshot, newPrepareId: "99" })).toEqual({ answer: stored.prepareAnswer, effect: { kind: "none" } });
    }
    expect(prepare({ attempt: attempt({ state: "cancelled" }) }).answer).toEqual(stored.prepareAnswer);
  });

  it("answers -8 to a repeated click_trans_id with another order or amount", () => {
    expect(prepare({ attempt: attempt({ merchantTransId: "1002" }) })).toMatchObject({ answer: { error: -8 }, effect: { kind: "none" } });
    expect(prepare({ attempt: attempt({ amount: 1n }) })).toMatchObject({ answer: { error: -8 }, effect: { kind: "none" } });
  });
});

describe("decideComplete", () => {
  it("records the payment of the Prepare that holds the order and answers merchant_confirm_id", () => {
    const decision = complete();
    const answer = { click_trans_id: TRANS, merchant_trans_id: "1001", merchant_confirm_id: "501", error: 0, error_note: "Success" };
    expect(decision).toEqual({
      answer,
      effect: {
        kind: "record_payment",
        orderNumber: "1001",
        clickTransId: TRANS,
        clickPaydocId: 3456789012n,
        amount: 1_500_000n,
        merchantConfirmId: "501",
        releaseReservation: true,
        answer,
      },
    });
    expect(decision.answer).not.toHaveProperty("merchant_prepare_id");
  });

  it("accepts a Complete after the window while the order is still payable for that amount", () => {
    const decision = complete({ order: order({ status: "pending", reservation: null }) });
    expect(decision.answer.error).toBe(0);
    expect(decision.effect).toMatchObject({ kind: "record_payment", releaseReservation: false });
  });

  it.each<[string, Partial<ClickOrderSnapshot>]>([
    ["another Click Prepare holds it", { status: "processing", reservation: clickHolder("1111111111") }],
    ["Payme holds it", { status: "processing", reservation: { provider: "payme", kind: "payme_transaction", reference: "t", held: false } }],
    ["a hold holds it", { status: "authorized", reservation: { provider: "payme", kind: "payme_receipt", reference: "r", held: true } }],
    ["it was cancelled", { status: "cancelled" }],
    ["a cancel was requested", { status: "processing", cancelRequested: true, reservation: clickHolder(String(TRANS)) }],
    ["1C recorded part of it meanwhile", { status: "partially_paid", outstanding: 1_000_000n }],
  ])("after the window answers -9 when %s (Click returns the money)", (_name, overrides) => {
    const decision = complete({ order: order(overrides) });
    expect(decision.answer).toMatchObject({ error: -9, merchant_confirm_id: null });
    expect(decision.effect).toMatchObject({ kind: "cancel", clickTransId: TRANS, answer: decision.answer });
  });

  it("releases its own reservation when it refuses (cancel requested)", () => {
    const decision = complete({ order: order({ status: "processing", cancelRequested: true, reservation: clickHolder(String(TRANS)) }) });
    expect(decision.effect).toMatchObject({ kind: "cancel", releaseReservation: true });
  });

  it("answers -4 when the order got paid by another payment, and never releases another's reservation", () => {
    const decision = complete({ order: order({ status: "paid", outstanding: 0n }) });
    expect(decision.answer).toMatchObject({ error: -4, error_note: "Already paid" });
    expect(decision.effect).toMatchObject({ kind: "cancel", releaseReservation: false });
  });

  it.each([-1, -5017, -9])("treats Click's error %i as a cancellation: releases the reservation, answers -9", (error) => {
    const decision = complete({ request: completeRequest({ error }) });
    expect(decision.answer).toEqual({ click_trans_id: TRANS, merchant_trans_id: "1001", merchant_confirm_id: null, error: -9, error_note: "Transaction cancelled" });
    expect(decision.effect).toEqual({ kind: "cancel", orderNumber: "1001", clickTransId: TRANS, releaseReservation: true, answer: decision.answer });
  });

  it("cancels after the window without releasing what it no longer holds", () => {
    const decision = complete({ request: completeRequest({ error: -1 }), order: order({ status: "processing", reservation: clickHolder("1111111111") }) });
    expect(decision.effect).toMatchObject({ kind: "cancel", releaseReservation: false });
  });

  it("answers -9 to the Complete of a replaced (or otherwise cancelled) Prepare, changing nothing", () => {
    expect(complete({ attempt: attempt({ state: "cancelled" }) })).toMatchObject({ answer: { error: -9 }, effect: { kind: "none" } });
  });

  it.each<[string, Partial<CompleteInput>]>([
    ["no such transaction", { attempt: null }],
    ["another merchant_prepare_id", { request: completeRequest({ merchant_prepare_id: "78" }) }],
    ["another order than Prepare's", { request: completeRequest({ merchant_trans_id: "1002" }) }],
  ])("answers -6 to %s", (_name, overrides) => {
    expect(complete(overrides)).toMatchObject({ answer: { error: -6, error_note: "Transaction does not exist", merchant_confirm_id: null }, effect: { kind: "none" } });
  });

  it("answers -2 to another amount than Prepare's, deciding nothing", () => {
    expect(complete({ amount: 1_500_001n })).toMatchObject({ answer: { error: -2 }, effect: { kind: "none" } });
  });

  it("answers -9 when the order is gone (never -5 after a debit)", () => {
    expect(complete({ order: null })).toMatchObject({ answer: { error: -9 }, effect: { kind: "cancel", releaseReservation: false } });
  });

  it("replays the stored answer to a repeated Complete (success stays success, not -4)", () => {
    const success = completeAnswer(0, { clickTransId: TRANS, merchantTransId: "1001" }, "501");
    const paidSnapshot = order({ status: "paid", outstanding: 0n });
    expect(complete({ attempt: attempt({ state: "confirmed", completeAnswer: success }), order: paidSnapshot, newConfirmId: "999" })).toEqual({
      answer: success,
      effect: { kind: "none" },
    });
    const cancelled = completeAnswer(-9, { clickTransId: TRANS, merchantTransId: "1001" });
    expect(complete({ attempt: attempt({ state: "cancelled", completeAnswer: cancelled }) })).toEqual({ answer: cancelled, effect: { kind: "none" } });
  });

  it("replays the stored success even when the repeat carries Click's error", () => {
    const success = completeAnswer(0, { clickTransId: TRANS, merchantTransId: "1001" }, "501");
    expect(complete({ request: completeRequest({ error: -1 }), attempt: attempt({ state: "confirmed", completeAnswer: success }) }).answer).toEqual(success);
  });

  it("answers -4 to a confirmed attempt whose answer was not stored", () => {
    expect(complete({ attempt: attempt({ state: "confirmed" }) })).toMatchObject({ answer: { error: -4 }, effect: { kind: "none" } });
  });
});

describe("Prepare → replace → Complete", () => {
  it("gives the replaced Prepare's Complete -9 and the new one's success", () => {
    const first = attempt({ clickTransId: 1111111111n, merchantPrepareId: "76", prepareAnswer: prepareAnswer(0, { clickTransId: 1111111111n, merchantTransId: "1001" }, "76") });
    const replacing = prepare({ order: order({ status: "processing", reservation: clickHolder("1111111111") }) });
    expect(replacing.effect).toMatchObject({ kind: "reserve", replaces: "1111111111" });
    // The core applies the effect: the first attempt is cancelled, the new one holds the order.
    const afterwards = order({ status: "processing", reservation: clickHolder(String(TRANS)) });
    const firstComplete = complete({
      request: completeRequest({ click_trans_id: 1111111111n, merchant_prepare_id: "76" }),
      attempt: { ...first, state: "cancelled" },
      order: afterwards,
    });
    expect(firstComplete.answer.error).toBe(-9);
    expect(complete({ order: afterwards }).answer.error).toBe(0);
  });

  it("refuses the replaced one even if the core had not marked it: another Prepare holds the order", () => {
    const first = attempt({ clickTransId: 1111111111n, merchantPrepareId: "76" });
    const decision = complete({
      request: completeRequest({ click_trans_id: 1111111111n, merchant_prepare_id: "76" }),
      attempt: first,
      order: order({ status: "processing", reservation: clickHolder(String(TRANS)) }),
    });
    expect(decision).toMatchObject({ answer: { error: -9 }, effect: { kind: "cancel", releaseReservation: false } });
  });
});
