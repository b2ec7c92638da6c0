// Payme receipts for orders (lib/payments/payme/receipts) on a real database (SQLite and
// PostgreSQL), against the Subscribe emulator over real HTTP; on a cashbox with billing the
// emulator calls the store's real Merchant API handler (node:http, the same one server.ts mounts).
// After the SQL layer is open the test reads and writes through it only: on PostgreSQL its
// global INT8 type parser breaks Prisma's reads of BIGINT columns in the same process.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SqlDatabase } from "@/lib/db/sql";
import { settleOrder } from "@/lib/orders/settlement";
import { createMerchantHttpHandler } from "@/lib/payments/payme/merchant-api/http";
import { createMerchantDeps } from "@/lib/payments/payme/merchant-api/service";
import { loadPaymeSettings } from "@/lib/payments/payme/payme-settings";
import type { ReceiptsContext } from "@/lib/payments/payme/receipts/context";
import { createReceiptForOrder } from "@/lib/payments/payme/receipts/create-receipt";
import { cancelReceipt, confirmHold } from "@/lib/payments/payme/receipts/manage-receipt";
import type { ReceiptResult, ReceiptSuccess } from "@/lib/payments/payme/receipts/outcome";
import { payReceipt } from "@/lib/payments/payme/receipts/pay-receipt";
import { paymeLastFailure } from "@/lib/payments/payme/last-failure";
import { listOrderReceipts, pollHeldReceipts, pollPendingReceipts, pollReceipt } from "@/lib/payments/payme/receipts/poll-receipts";
import { receiptRowsOfOrder } from "@/lib/payments/payme/receipts/receipt-rows";
import { sendInvoice } from "@/lib/payments/payme/receipts/send-invoice";
import { cancelOpenReceipts } from "@/lib/payments/payme/receipts/manage-receipt";
import { setFiscalData } from "@/lib/payments/payme/merchant-api/transactions";
import { HOLD_LAPSE_MS, PAY_WINDOW_MS, syncReceiptState } from "@/lib/payments/payme/receipts/sync-receipt-state";
import { createSubscribeClient } from "@/lib/payments/payme/subscribe/server-client";
import { raceProof, testDatabaseKind } from "./helpers/database";
import { insertCatalogOrder, startSubscribeSetup, type SubscribeSetup } from "./helpers/subscribe-setup";
import { verifiedCardToken, WORKING_CARD } from "./helpers/test-card";

const kind = testDatabaseKind();
const SLOW_MS = 600;

describe(`Payme receipts on ${kind}`, () => {
  let setup: SubscribeSetup;
  let sql: SqlDatabase;
  let endpoint: string;
  let billing = false;
  let clock = Date.now();
  let ctx: ReceiptsContext;

  async function setBilling(value: boolean) {
    billing = value;
    await setup.setPaymeSetting("billing", String(value));
  }

  beforeAll(async () => {
    setup = await startSubscribeSetup({
      kind,
      // The store's Merchant API, as server.ts serves it, on the shared clock.
      merchantApi: (sql, appSecret) => createMerchantHttpHandler({ ...createMerchantDeps(sql, appSecret), now: () => clock, onError: () => {} }),
      emulator: {
        billing: () => billing,
        now: () => clock,
        slowCardDelayMs: SLOW_MS,
        cancelDelayMs: 100,
        merchantRetryDelayMs: 20,
        log: () => {},
      },
    });
    ({ sql, endpoint } = setup);
    ctx = {
      sql,
      settings: () => loadPaymeSettings(sql, setup.appSecret),
      endpoint: () => endpoint,
      now: () => clock,
      client: { retryDelayMs: 10 },
      log: () => {},
    };
  });

  beforeEach(async () => {
    await setBilling(false);
  });

  afterAll(async () => {
    await setup?.close();
  });

  /** A new order (one KAZAN-8L, two PIYOLA-SET-6), priced from the catalog as createOrder does. */
  function newOrder(): Promise<{ id: string; number: number; amount: bigint }> {
    return insertCatalogOrder(sql, [
      { sku: "KAZAN-8L", quantity: 1 },
      { sku: "PIYOLA-SET-6", quantity: 2 },
    ]);
  }

  /** What the card form does in the browser: token, SMS code, verify. */
  function verifiedToken(number = WORKING_CARD, save = false) {
    return verifiedCardToken(endpoint, setup.merchantId, number, save);
  }

  const payme = () => createSubscribeClient({ endpoint, merchantId: setup.merchantId, key: setup.testKey });

  function ok(result: ReceiptResult): ReceiptSuccess {
    if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
    return result;
  }

  async function state(orderNumber: number) {
    const order = (await sql.get<{ status: string; paidAmount: bigint; refundedAmount: bigint }>(
      `SELECT "status", "paidAmount", "refundedAmount" FROM "Order" WHERE "number" = ?`,
      [orderNumber],
    ))!;
    const ledger = await sql.all<{ kind: string; provider: string; reference: string; amount: bigint }>(
      `SELECT "kind", "provider", "reference", "amount" FROM "LedgerEntry" WHERE "orderNumber" = ? ORDER BY "id"`,
      [orderNumber],
    );
    const events = await sql.all<{ type: string }>(`SELECT "type" FROM "OutboxEvent" WHERE "orderNumber" = ? ORDER BY "id"`, [orderNumber]);
    const reservation = await sql.get<{ provider: string; kind: string; reference: string; held: boolean | number; expiresAt: bigint | null }>(
      `SELECT "provider", "kind", "reference", "held", "expiresAt" FROM "Reservation" WHERE "orderNumber" = ?`,
      [orderNumber],
    );
    const transactions = await sql.all<{ paymeId: string; state: number; reason: number | null; amount: bigint }>(
      `SELECT "paymeId", "state", "reason", "amount" FROM "PaymeTransaction" WHERE "orderNumber" = ? ORDER BY "id"`,
      [orderNumber],
    );
    return {
      status: order.status,
      paidAmount: BigInt(order.paidAmount),
      refundedAmount: BigInt(order.refundedAmount),
      ledger: ledger.map((entry) => ({ ...entry, amount: BigInt(entry.amount) })),
      events: events.map((event) => event.type),
      reservation: reservation ? { ...reservation, held: Boolean(reservation.held) } : null,
      transactions: transactions.map((transaction) => ({ ...transaction, amount: BigInt(transaction.amount) })),
      receipts: (await receiptRowsOfOrder(sql, orderNumber)).reverse(),
    };
  }

  async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  describe("creating a receipt", () => {
    it("asks for the outstanding amount from the database, with the fiscal detail and account {order_id: <number>}", async () => {
      const order = await newOrder();
      const created = ok(await createReceiptForOrder(ctx, order.id));
      expect(created.receipt).toMatchObject({ amount: order.amount.toString(), state: 0, status: "created", hold: false, final: false, orderNumber: order.number });
      expect(created.orderStatus).toBe("pending");
      const { receipt } = await payme().receiptsGet(created.receipt.id);
      expect(receipt.amount).toBe(Number(order.amount));
      expect(receipt.account).toEqual([{ name: "order_id", title: "order_id", value: String(order.number), main: true }]);
      expect(receipt.description).toBe(`Оплата заказа № ${order.number}`);
      const detail = receipt.detail as { receipt_type: number; items: { price: number; count: number; code: string; discount?: number }[] };
      expect(detail.receipt_type).toBe(0);
      expect(detail.items.reduce((sum, item) => sum + item.price * item.count - (item.discount ?? 0), 0)).toBe(Number(order.amount));
      // Creating a receipt does not reserve the order.
      expect((await state(order.number)).reservation).toBeNull();
    });

    it("after a partial payment asks only for the rest, the paid part spread as discounts", async () => {
      const order = await newOrder();
      const stale = ok(await createReceiptForOrder(ctx, order.id));
      await settleOrder(sql, order.number, (locked) => locked.recordPayment({ provider: "1c", reference: `1c-${order.number}`, amount: 10_000_000n }));
      const token = await verifiedToken();
      const refused = await payReceipt(ctx, { orderId: order.id, receiptId: stale.receipt.id, token });
      expect(refused).toMatchObject({ ok: false, error: { code: "amount_changed", message: { ru: expect.any(String), uz: expect.any(String), en: expect.any(String) } } });
      const fresh = ok(await createReceiptForOrder(ctx, order.id));
      expect(fresh.receipt.amount).toBe((order.amount - 10_000_000n).toString());
      const detail = (await payme().receiptsGet(fresh.receipt.id)).receipt.detail as { items: { price: number; count: number; discount?: number }[] };
      expect(detail.items.reduce((sum, item) => sum + (item.discount ?? 0), 0)).toBe(10_000_000);
      expect(ok(await payReceipt(ctx, { orderId: order.id, receiptId: fresh.receipt.id, token })).orderStatus).toBe("paid");
    });

    it("refuses an order that is not payable, and answers order_not_found for an unknown id", async () => {
      const order = await newOrder();
      const created = ok(await createReceiptForOrder(ctx, order.id));
      ok(await payReceipt(ctx, { orderId: order.id, receiptId: created.receipt.id, token: await verifiedToken() }));
      expect(await createReceiptForOrder(ctx, order.id)).toMatchObject({ ok: false, error: { code: "not_payable", reason: "already_paid" } });
      expect(await createReceiptForOrder(ctx, "no-such-order")).toMatchObject({ ok: false, error: { code: "order_not_found" } });
    });
  });

  describe("paying, cashbox without billing", () => {
    it("pays with a one-time token: paid exactly once, ledger reference = receipt _id", async () => {
      const order = await newOrder();
      const created = ok(await createReceiptForOrder(ctx, order.id));
      const paid = ok(
        await payReceipt(ctx, { orderId: order.id, receiptId: created.receipt.id, token: await verifiedToken(), payer: { phone: "+998 90 123 45 67", ip: "203.0.113.9" } }),
      );
      expect(paid.receipt).toMatchObject({ state: 4, status: "paid", final: true });
      expect(paid.orderStatus).toBe("paid");
      // Reports of the same state again (a poll, a retry) change nothing.
      const again = await syncReceiptState(ctx, { _id: created.receipt.id, state: 4 });
      expect(again).toMatchObject({ recordedPayment: false, orderStatus: "paid" });
      ok(await pollReceipt(ctx, { orderId: order.id, receiptId: created.receipt.id }));
      const after = await state(order.number);
      expect(after.ledger).toEqual([{ kind: "payment", provider: "payme", reference: created.receipt.id, amount: order.amount }]);
      expect(after.events).toEqual(["payment.received", "order.paid"]);
      expect(after.reservation).toBeNull();
      expect(after.transactions).toEqual([]);
      expect(after.receipts[0]).toMatchObject({ state: 4, payerPhone: "+998901234567", payingSince: null });
    });

    it("pays twice with a saved token", async () => {
      const token = await verifiedToken("8600495473316478", true);
      for (let index = 0; index < 2; index += 1) {
        const order = await newOrder();
        const created = ok(await createReceiptForOrder(ctx, order.id));
        expect(ok(await payReceipt(ctx, { orderId: order.id, receiptId: created.receipt.id, token })).orderStatus).toBe("paid");
      }
    });

    it("reserves the order while it pays and refuses a second attempt; a failed debit releases it", async () => {
      const order = await newOrder();
      const created = ok(await createReceiptForOrder(ctx, order.id));
      const paying = payReceipt(ctx, { orderId: order.id, receiptId: created.receipt.id, token: await verifiedToken("8600134301849596") });
      const during = await waitFor(() => state(order.number), (value) => value.reservation !== null && value.status === "processing");
      expect(during.status).toBe("processing");
      expect(during.reservation).toMatchObject({ provider: "payme", kind: "payme_receipt", reference: created.receipt.id, held: false });
      const expiresAt = Number(during.reservation!.expiresAt);
      expect(expiresAt).toBe(clock + PAY_WINDOW_MS);
      // While it pays, nothing has failed yet (the order page says "processing").
      expect(await paymeLastFailure({ sql, orderNumber: Number(order.number) })).toBeNull();
      expect(await payReceipt(ctx, { orderId: order.id, receiptId: created.receipt.id, token: "x" })).toMatchObject({
        ok: false,
        error: { code: "payment_in_progress" },
      });
      expect(await createReceiptForOrder(ctx, order.id)).toMatchObject({ ok: false, error: { code: "not_payable", reason: "payment_in_progress" } });

      const failed = await paying;
      expect(failed).toMatchObject({ ok: false, error: { code: "payment_failed", subscribeCode: -31002 } });
      if (!failed.ok) expect(failed.error.message.en).toMatch(/did not respond/);
      const after = await state(order.number);
      expect(after).toMatchObject({ status: "pending", reservation: null, ledger: [] });
      expect(after.receipts[0]).toMatchObject({ state: 50, lastErrorCode: -31002, payingSince: null });
      // The failure is kept with the attempt: a reloaded order page says why it failed, in every language.
      const told = await paymeLastFailure({ sql, orderNumber: Number(order.number) });
      expect(told?.message.en).toMatch(/did not respond/);
      expect(told?.message.uz).toBe(failed.ok ? undefined : failed.error.message.uz);
      expect(told?.at.getTime()).toBe(created.receipt.createTime);
      // The order is payable again with a new receipt: a new attempt, nothing failed yet.
      const retry = ok(await createReceiptForOrder(ctx, order.id));
      expect(await paymeLastFailure({ sql, orderNumber: Number(order.number) })).toBeNull();
      expect(ok(await payReceipt(ctx, { orderId: order.id, receiptId: retry.receipt.id, token: await verifiedToken() })).orderStatus).toBe("paid");
    });

    it("a card refused at the debit leaves the order payable with its own message", async () => {
      const order = await newOrder();
      const created = ok(await createReceiptForOrder(ctx, order.id));
      const failed = await payReceipt(ctx, { orderId: order.id, receiptId: created.receipt.id, token: await verifiedToken("8600143417770323") });
      expect(failed).toMatchObject({ ok: false, error: { code: "payment_failed", subscribeCode: -32400 } });
      expect(await state(order.number)).toMatchObject({ status: "pending", reservation: null });
    });

    it("refuses a receipt of another order and bad input", async () => {
      const [first, second] = [await newOrder(), await newOrder()];
      const created = ok(await createReceiptForOrder(ctx, first.id));
      expect(await payReceipt(ctx, { orderId: second.id, receiptId: created.receipt.id, token: "t" })).toMatchObject({ ok: false, error: { code: "receipt_not_found" } });
      expect(await payReceipt(ctx, { orderId: first.id, receiptId: created.receipt.id, token: "" })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
      expect(await payReceipt(ctx, { orderId: first.id, receiptId: created.receipt.id, token: "t", hold: true })).toMatchObject({
        ok: false,
        error: { code: "invalid_input", reason: "hold" },
      });
    });
  });

  describe("paying, cashbox with billing", () => {
    beforeEach(async () => {
      await setBilling(true);
    });

    it("PerformTransaction and the paid receipt record one payment under the receipt's _id", async () => {
      const order = await newOrder();
      const created = ok(await createReceiptForOrder(ctx, order.id));
      const paid = ok(await payReceipt(ctx, { orderId: order.id, receiptId: created.receipt.id, token: await verifiedToken() }));
      expect(paid.orderStatus).toBe("paid");
      const after = await state(order.number);
      expect(after.transactions).toHaveLength(1);
      expect(after.transactions[0]).toMatchObject({ paymeId: created.receipt.id, state: 2, amount: order.amount });
      expect(after.ledger).toEqual([{ kind: "payment", provider: "payme", reference: created.receipt.id, amount: order.amount }]);
      expect(after.events.filter((type) => type === "order.paid")).toHaveLength(1);
      expect(after.reservation).toBeNull();
    });

    it("does not reserve by itself: Payme's CreateTransaction does, and a failed debit cancels it (reason 2)", async () => {
      const order = await newOrder();
      const created = ok(await createReceiptForOrder(ctx, order.id));
      const paying = payReceipt(ctx, { orderId: order.id, receiptId: created.receipt.id, token: await verifiedToken("8600134301849596") });
      const during = await waitFor(() => state(order.number), (value) => value.reservation !== null && value.status === "processing");
      expect(during.reservation).toMatchObject({ kind: "payme_transaction", reference: created.receipt.id });
      expect(await paying).toMatchObject({ ok: false, error: { code: "payment_failed", subscribeCode: -31002 } });
      const after = await state(order.number);
      expect(after).toMatchObject({ status: "pending", reservation: null, ledger: [] });
      expect(after.transactions[0]).toMatchObject({ paymeId: created.receipt.id, state: -1, reason: 2 });
    });

    it("refunds a paid receipt: one refund, whether the receipt (50) or CancelTransaction (reason 5) reports it first — even when fulfilled", async () => {
      const order = await newOrder();
      const created = ok(await createReceiptForOrder(ctx, order.id));
      ok(await payReceipt(ctx, { orderId: order.id, receiptId: created.receipt.id, token: await verifiedToken() }));
      await sql.run(`UPDATE "Order" SET "fulfilledAt" = ? WHERE "number" = ?`, [new Date(), order.number]);
      const cancelled = ok(await cancelReceipt(ctx, { orderId: order.id, receiptId: created.receipt.id }));
      expect(cancelled.receipt).toMatchObject({ state: 21, status: "cancelling" });
      // Queued for cancellation (21) is not a refund yet: it may still pause (20).
      expect(cancelled.orderStatus).toBe("paid");
      const settled = await waitFor(() => state(order.number), (value) => value.transactions[0]?.state === -2);
      expect(settled.transactions[0]).toMatchObject({ state: -2, reason: 5 });
      const polled = ok(await pollReceipt(ctx, { orderId: order.id, receiptId: created.receipt.id, intervalMs: 50 }));
      expect(polled.receipt).toMatchObject({ state: 50, final: true });
      const after = await state(order.number);
      expect(after.ledger).toEqual([
        { kind: "payment", provider: "payme", reference: created.receipt.id, amount: order.amount },
        { kind: "refund", provider: "payme", reference: created.receipt.id, amount: order.amount },
      ]);
      expect(after.status).toBe("refunded");
      expect(after.events.filter((type) => type === "refund.recorded")).toHaveLength(1);
    });
  });

  describe("refunds and conflicting holds (state model corrections)", () => {
    it("a cancel queued (21) that pauses (20) shows no refund; the payment stays", async () => {
      await setBilling(true);
      const order = await newOrder();
      const created = ok(await createReceiptForOrder(ctx, order.id));
      ok(await payReceipt(ctx, { orderId: order.id, receiptId: created.receipt.id, token: await verifiedToken() }));
      await sql.run(`UPDATE "Order" SET "fulfilledAt" = ? WHERE "number" = ?`, [new Date(), order.number]);
      // Cancelled in Payme's cabinet, without the merchant's approval in the store.
      const queued = await payme().cancelReceipt(created.receipt.id, 4);
      expect(queued.state).toBe(21);
      const synced = await syncReceiptState(ctx, queued, { billing: true });
      expect(synced).toMatchObject({ recordedRefund: false, orderStatus: "paid" });
      // The store refuses CancelTransaction (-31007, fulfilled): Payme pauses the receipt.
      const polled = ok(await pollReceipt(ctx, { orderId: order.id, receiptId: created.receipt.id, intervalMs: 50 }));
      expect(polled.receipt.state).toBe(20);
      expect(polled.orderStatus).toBe("paid");
      const after = await state(order.number);
      expect(after).toMatchObject({ status: "paid", refundedAmount: 0n });
      expect(after.ledger).toEqual([{ kind: "payment", provider: "payme", reference: created.receipt.id, amount: order.amount }]);
      expect(after.events).not.toContain("refund.recorded");
      expect(after.transactions[0]).toMatchObject({ state: 2 });
    });

    it("a cancelled receipt (50) records the refund, naming the payment it refunds", async () => {
      const order = await newOrder();
      const created = ok(await createReceiptForOrder(ctx, order.id));
      ok(await payReceipt(ctx, { orderId: order.id, receiptId: created.receipt.id, token: await verifiedToken() }));
      const queued = ok(await cancelReceipt(ctx, { orderId: order.id, receiptId: created.receipt.id }));
      expect(queued).toMatchObject({ receipt: { state: 21 }, orderStatus: "paid" });
      expect((await state(order.number)).refundedAmount).toBe(0n);
      const polled = ok(await pollReceipt(ctx, { orderId: order.id, receiptId: created.receipt.id, intervalMs: 50 }));
      expect(polled).toMatchObject({ receipt: { state: 50 }, orderStatus: "refunded" });
      const refunds = await sql.all<{ reference: string; refundOf: string; amount: bigint }>(
        `SELECT "reference", "refundOf", "amount" FROM "LedgerEntry" WHERE "orderNumber" = ? AND "kind" = 'refund'`,
        [order.number],
      );
      expect(refunds.map((entry) => ({ ...entry, amount: BigInt(entry.amount) }))).toEqual([
        { reference: created.receipt.id, refundOf: created.receipt.id, amount: order.amount },
      ]);
    });

    it("funds held while another attempt reserves the order are released; a failed release is retried by the poll", async () => {
      const order = await newOrder();
      const created = ok(await createReceiptForOrder(ctx, order.id, { hold: true }));
      // Another attempt (a Click Prepare, say) reserves the order meanwhile.
      const other = `click-${order.number}`;
      await settleOrder(sql, order.number, (locked) =>
        locked.reserve({ provider: "click", kind: "click_prepare", reference: other, expiresAt: BigInt(clock + 30 * 60_000) }),
      );
      // The shopper's card is held anyway (paid on Payme's side, outside our pay action).
      expect((await payme().payReceipt({ id: created.receipt.id, token: await verifiedToken(), hold: true })).state).toBe(5);

      let failCancel = true;
      const failing: ReceiptsContext = {
        ...ctx,
        client: {
          ...ctx.client,
          fetch: async (input, init) => {
            if (failCancel && String(init?.body).includes('"receipts.cancel"')) throw new TypeError("fetch failed");
            return fetch(input, init);
          },
        },
      };
      const polled = ok(await pollReceipt(failing, { orderId: order.id, receiptId: created.receipt.id, intervalMs: 50 }));
      expect(polled.receipt.state).toBe(5);
      let row = (await receiptRowsOfOrder(sql, order.number))[0]!;
      expect(row.releaseRequestedAt).not.toBeNull();
      expect((await state(order.number)).reservation).toMatchObject({ provider: "click", reference: other });

      // The release fails: the mark stays, the next poll tries again.
      await pollPendingReceipts(failing);
      row = (await receiptRowsOfOrder(sql, order.number))[0]!;
      expect(row).toMatchObject({ state: 5 });
      expect(row.releaseRequestedAt).not.toBeNull();

      failCancel = false;
      await pollPendingReceipts(ctx);
      const released = ok(await pollReceipt(ctx, { orderId: order.id, receiptId: created.receipt.id, intervalMs: 50 }));
      expect(released.receipt.state).toBe(50);
      row = (await receiptRowsOfOrder(sql, order.number))[0]!;
      expect(row.releaseRequestedAt).toBeNull();
      const after = await state(order.number);
      expect(after).toMatchObject({ status: "processing", ledger: [], paidAmount: 0n });
      expect(after.reservation).toMatchObject({ provider: "click", reference: other });
    });
  });

  describe.each([false, true])("holds (billing %s)", (withBilling) => {
    beforeEach(async () => {
      await setBilling(withBilling);
    });

    it("hold then confirm: authorized with one held reservation, then paid once", async () => {
      const order = await newOrder();
      const created = ok(await createReceiptForOrder(ctx, order.id, { hold: true }));
      const held = ok(await payReceipt(ctx, { orderId: order.id, receiptId: created.receipt.id, token: await verifiedToken(), hold: true }));
      expect(held.receipt).toMatchObject({ state: 5, status: "held", final: true, hold: true });
      expect(held.orderStatus).toBe("authorized");
      const during = await state(order.number);
      expect(during.reservation).toMatchObject({ provider: "payme", kind: "payme_receipt", reference: created.receipt.id, held: true, expiresAt: null });
      expect(Number(during.receipts[0]!.holdLapsesAt)).toBe(Number(during.receipts[0]!.heldAt) + HOLD_LAPSE_MS);
      expect(held.receipt.holdLapsesAt).toBe(new Date(clock + HOLD_LAPSE_MS).toISOString());
      expect(during.transactions.map((transaction) => transaction.state)).toEqual(withBilling ? [1] : []);
      expect(await createReceiptForOrder(ctx, order.id)).toMatchObject({ ok: false, error: { code: "not_payable", reason: "on_hold" } });

      const confirmed = ok(await confirmHold(ctx, { orderId: order.id, receiptId: created.receipt.id }));
      expect(confirmed.receipt).toMatchObject({ state: 4, status: "paid" });
      expect(confirmed.orderStatus).toBe("paid");
      const after = await state(order.number);
      expect(after.ledger).toEqual([{ kind: "payment", provider: "payme", reference: created.receipt.id, amount: order.amount }]);
      expect(after.reservation).toBeNull();
      expect(after.transactions.map((transaction) => transaction.state)).toEqual(withBilling ? [2] : []);
      // Confirming again answers the paid receipt.
      expect(ok(await confirmHold(ctx, { orderId: order.id, receiptId: created.receipt.id })).receipt.state).toBe(4);
    });

    it("hold then cancel: 21, then 50 releases the order with nothing in the ledger", async () => {
      const order = await newOrder();
      const created = ok(await createReceiptForOrder(ctx, order.id, { hold: true }));
      ok(await payReceipt(ctx, { orderId: order.id, receiptId: created.receipt.id, token: await verifiedToken(), hold: true }));
      const cancelling = ok(await cancelReceipt(ctx, { orderId: order.id, receiptId: created.receipt.id }));
      expect(cancelling.receipt.state).toBe(21);
      const polled = ok(await pollReceipt(ctx, { orderId: order.id, receiptId: created.receipt.id, intervalMs: 50 }));
      expect(polled.receipt).toMatchObject({ state: 50, status: "cancelled" });
      expect(polled.orderStatus).toBe("pending");
      const after = await state(order.number);
      expect(after).toMatchObject({ reservation: null, ledger: [], paidAmount: 0n });
      if (withBilling) expect(after.transactions[0]).toMatchObject({ state: -1 });
      expect(await confirmHold(ctx, { orderId: order.id, receiptId: created.receipt.id })).toMatchObject({ ok: false, error: { code: "not_held" } });
    });

    it("the daily poll releases the order when the network released the hold (30 days)", async () => {
      const order = await newOrder();
      const created = ok(await createReceiptForOrder(ctx, order.id, { hold: true }));
      ok(await payReceipt(ctx, { orderId: order.id, receiptId: created.receipt.id, token: await verifiedToken(), hold: true }));
      // Checked a moment ago: not due yet.
      expect((await pollHeldReceipts(ctx)).checked).toBe(0);
      clock += 24 * 60 * 60 * 1000;
      const daily = await pollHeldReceipts(ctx);
      expect(daily.checked).toBeGreaterThanOrEqual(1);
      expect((await state(order.number)).status).toBe("authorized");
      clock += HOLD_LAPSE_MS;
      await pollHeldReceipts(ctx);
      const after = await state(order.number);
      expect(after).toMatchObject({ status: "pending", reservation: null, ledger: [] });
      expect(after.receipts[0]).toMatchObject({ state: 50 });
    });
  });

  describe("invoices and polls", () => {
    it("sends an invoice by SMS and finds its payment by polling (no billing)", async () => {
      const order = await newOrder();
      const sent = ok(await sendInvoice(ctx, { orderId: order.id, phone: "90 123 45 67" }));
      expect(sent.receipt).toMatchObject({ invoicePhone: "+998901234567", state: 0 });
      expect(await sendInvoice(ctx, { orderId: order.id, phone: "12" })).toMatchObject({ ok: false, error: { code: "invalid_input", reason: "phone" } });
      // The shopper pays on Payme's page (here: straight through the Subscribe API).
      await payme().receiptsPay({ id: sent.receipt.id, token: await verifiedToken() });
      clock += 61_000;
      const report = await pollPendingReceipts(ctx);
      expect(report.changed).toBeGreaterThanOrEqual(1);
      expect((await state(order.number)).status).toBe("paid");
      const listed = await listOrderReceipts(ctx, order.id);
      expect(listed?.map((receipt) => receipt.state)).toEqual([4]);
    });

    it(`${raceProof(kind)}: keeps SetFiscalData for a receipt without a transaction: PERFORM and CANCEL both, even at once`, async () => {
      const order = await newOrder();
      const receipt = ok(await createReceiptForOrder(ctx, order.id)).receipt;
      const merchant = { sql, accountField: "order_id", now: () => clock };
      const fiscal = (type: "PERFORM" | "CANCEL", receiptId: number) => ({
        id: receipt.id,
        type,
        fiscal_data: { receipt_id: receiptId, qr_code_url: `https://ofd.soliq.uz/check?r=${receiptId}` },
      });
      expect(await Promise.all([setFiscalData(merchant, fiscal("PERFORM", 1)), setFiscalData(merchant, fiscal("CANCEL", 2))])).toEqual([
        { success: true },
        { success: true },
      ]);
      const stored = await sql.get<{ fiscalData: string }>(`SELECT "fiscalData" FROM "PaymeReceipt" WHERE "paymeId" = ?`, [receipt.id]);
      expect(JSON.parse(stored!.fiscalData)).toMatchObject({ PERFORM: { receipt_id: 1 }, CANCEL: { receipt_id: 2 } });
      await expect(setFiscalData(merchant, { ...fiscal("PERFORM", 3), id: "0123456789abcdef01234567" })).rejects.toMatchObject({ code: -32001 });
    });

    it("withdraws the unpaid receipts of an order the merchant cancelled, so they can no longer take money", async () => {
      const order = await newOrder();
      const sent = ok(await sendInvoice(ctx, { orderId: order.id, phone: "90 123 45 67" }));
      const paid = ok(await createReceiptForOrder(ctx, order.id));
      await payme().receiptsPay({ id: paid.receipt.id, token: await verifiedToken() });
      expect(await cancelOpenReceipts(ctx, order.number)).toBe(1);
      const states = new Map((await listOrderReceipts(ctx, order.id))!.map((receipt) => [receipt.id, receipt.state]));
      expect([21, 50]).toContain(states.get(sent.receipt.id));
      // A paid receipt is not "open": refunds stay the merchant's decision.
      expect(states.get(paid.receipt.id)).not.toBe(50);
      await expect(payme().receiptsPay({ id: sent.receipt.id, token: await verifiedToken() })).rejects.toThrow();
    });
  });
});
