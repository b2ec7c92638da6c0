// Three ways to settle one order, racing, through the store's real entry points on two store
// processes sharing one database (issue 9): the hosted checkout (POST /api/orders/{id}/payments,
// then Payme's CreateTransaction and PerformTransaction on the Merchant API of process B), the
// card form (its server actions startCardPayment and payWithCard on process A, whose Subscribe
// emulator runs receipts.pay and calls A's Merchant API, as Payme's billing does), and the
// merchant's cancel (the admin's cancelOrderAction). Whoever wins, the order ends paid once or
// cancelled with nothing paid — never two payments, never paid and cancelled — and its ledger
// adds up. On PostgreSQL the transactions of the two processes really overlap; on SQLite the
// two processes take turns on the file's write lock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminSession } from "./helpers/admin";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";
import { postJson } from "./helpers/http";
import { createOrder, newPaymeId, startPaymeStores, StoreDatabase, UNEXPECTED_FAILURE_LOG, type PaymeStore } from "./helpers/payme";
import { actionId, actionResult, postArgsAction, postFormAction } from "./helpers/server-actions";
import { verifiedCardToken } from "./helpers/test-card";

const kind = testDatabaseKind();
const CARD_ACTIONS = "lib/payments/payme/saved-cards/shopper-actions.ts";

type Outcome = { ok: boolean; code?: string; error?: unknown; [key: string]: unknown };

/** Head starts (ms) of the three paths per round, so that each gets to go first. */
const ROUNDS: { hosted: number; card: number; cancel: number }[] = [
  { hosted: 0, card: 0, cancel: 0 },
  { hosted: 0, card: 0, cancel: 0 },
  { hosted: 300, card: 0, cancel: 300 },
  { hosted: 0, card: 300, cancel: 300 },
  { hosted: 300, card: 300, cancel: 0 },
  { hosted: 20, card: 0, cancel: 40 },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`cross-path race on one order (hosted checkout, card form, admin cancel), two store processes on ${kind}`, () => {
  let database: FreshDatabase;
  let stores: PaymeStore[];
  let db: StoreDatabase;
  let cookie: string;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    // A cashbox with billing (the default): paying a receipt calls the store's Merchant API.
    stores = await startPaymeStores(database, 2);
    db = new StoreDatabase(database.url, stores[0]!.appSecret);
    cookie = await createAdminSession(db.sql);
  });

  afterAll(async () => {
    await db?.close();
    await Promise.all((stores ?? []).map((store) => store.app.stop()));
    await database?.drop();
  });

  /** A card-form action of process A, called as the order page calls it. */
  async function cardAction(name: string, orderId: string, input: Record<string, unknown>): Promise<Outcome> {
    const app = stores[0]!.app;
    const answer = await postArgsAction(`${app.url}/orders/${orderId}`, actionId(name, CARD_ACTIONS), [input], { origin: app.url });
    expect(answer.status, `${name}: ${answer.text.slice(0, 300)}`).toBe(200);
    const result = actionResult<Outcome>(answer.text);
    expect(result, `${name}: ${answer.text.slice(0, 300)}`).toBeDefined();
    return result!;
  }

  /** The shopper on Payme's hosted page: the store's link, then Payme's Create and Perform on process B. */
  async function hostedCheckout(order: { id: string; number: string; amount: string }): Promise<string> {
    const store = stores[1]!;
    const link = await postJson(`${store.app.url}/api/orders/${order.id}/payments`, { provider: "payme" });
    if (link.status === 409) return "not payable";
    expect(link.status, JSON.stringify(link.body)).toBe(200);
    const id = newPaymeId();
    const created = await store.client.call("CreateTransaction", { id, time: Date.now(), amount: Number(order.amount), account: { order_id: order.number } });
    if (created.error) {
      // Refusals Payme understands: the order is held by another payment (-31008) or gone (-31050…-31099).
      expect(created.error.code === -31008 || (created.error.code <= -31050 && created.error.code >= -31099), JSON.stringify(created)).toBe(true);
      return `create refused ${created.error.code}`;
    }
    const performed = await store.client.call("PerformTransaction", { id });
    if (performed.error) return `perform refused ${performed.error.code}`;
    expect(performed.result.state).toBe(2);
    return "paid";
  }

  /** The shopper's card form on process A: receipts.pay with a verified test card. */
  async function cardForm(order: { id: string }, receiptId: string, token: string): Promise<string> {
    const paid = await cardAction("payWithCard", order.id, { orderId: order.id, receiptId, token });
    return paid.ok ? "paid" : `refused ${JSON.stringify(paid.error ?? paid.code)}`;
  }

  /** The merchant's cancel, from the admin's order page of process B. */
  async function adminCancel(orderNumber: string): Promise<string> {
    const app = stores[1]!.app;
    const answer = await postFormAction(`${app.url}/admin/orders/${orderNumber}`, actionId("cancelOrderAction"), { order: orderNumber }, { origin: app.url, cookie });
    expect(answer.status, answer.text.slice(0, 300)).toBe(200);
    const result = actionResult<Outcome>(answer.text);
    expect(result, answer.text.slice(0, 300)).toBeDefined();
    if (result!.ok) return "cancelled";
    // A clean refusal: someone holds or paid the order.
    expect(result!.code, JSON.stringify(result)).toBe("conflict");
    return "refused";
  }

  /** Waits until nothing holds the order any more (the emulator may still be finishing a receipt). */
  async function settled(orderNumber: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const order = await db.order(orderNumber);
      if (!(await db.reservation(orderNumber)) && order && order.status !== "processing") return;
      await sleep(200);
    }
  }

  for (const [round, head] of ROUNDS.entries()) {
    it(`round ${round + 1} (head starts: hosted ${head.hosted} ms, card ${head.card} ms, cancel ${head.cancel} ms): one payment or a clean refusal`, async () => {
      const order = await createOrder(stores[0]!.app.url);
      // What the card form does before the race: read its state, open a receipt, verify a card.
      const form = await cardAction("loadCardForm", order.id, { orderId: order.id });
      expect(form).toMatchObject({ ok: true, state: { available: true } });
      const state = form.state as { endpoint: string; merchantId: string };
      const receipt = await cardAction("startCardPayment", order.id, { orderId: order.id });
      expect(receipt).toMatchObject({ ok: true });
      const receiptId = (receipt.receipt as { id: string }).id;
      const token = await verifiedCardToken(state.endpoint, state.merchantId);

      const after = <T>(ms: number, run: () => Promise<T>) => sleep(ms).then(run);
      const [hosted, card, cancel] = await Promise.all([
        after(head.hosted, () => hostedCheckout(order)),
        after(head.card, () => cardForm(order, receiptId, token)),
        after(head.cancel, () => adminCancel(order.number)),
      ]);
      await settled(order.number);

      const label = JSON.stringify({ hosted, card, cancel });
      const row = (await db.order(order.number))!;
      const flags = (await db.sql.get<{ cancelledAt: unknown }>(`SELECT "cancelledAt" FROM "Order" WHERE "number" = ?`, [Number(order.number)]))!;
      const ledger = await db.ledger(order.number);
      const payments = ledger.filter((entry) => entry.kind === "payment");
      const refunds = ledger.filter((entry) => entry.kind === "refund");
      const transactions = await db.transactionsOf(order.number);
      const amount = BigInt(order.amount);

      // The ledger adds up to the order's money columns.
      expect(BigInt(row.paidAmount), label).toBe(payments.reduce((sum, entry) => sum + BigInt(entry.amount), 0n));
      expect(BigInt(row.refundedAmount), label).toBe(refunds.reduce((sum, entry) => sum + BigInt(entry.amount), 0n));
      expect(refunds, label).toEqual([]);
      // Never two payments; never paid and cancelled; nothing left holding the order.
      expect(payments.length, label).toBeLessThanOrEqual(1);
      expect(transactions.filter((transaction) => transaction.state === 2).length, label).toBe(payments.length);
      expect(await db.reservation(order.number), label).toBeUndefined();
      if (payments.length === 1) {
        expect(row.status, label).toBe("paid");
        expect(BigInt(payments[0]!.amount), label).toBe(amount);
        expect(flags.cancelledAt, label).toBeNull();
        expect(cancel, label).toBe("refused");
        // Exactly one of the shopper's paths took the money.
        expect([hosted, card].filter((outcome) => outcome === "paid"), label).toHaveLength(1);
        expect(await db.eventTypes(order.number), label).toEqual(["payment.received", "order.paid"]);
      } else {
        expect(row.status, label).toBe("cancelled");
        expect(flags.cancelledAt, label).not.toBeNull();
        expect(cancel, label).toBe("cancelled");
        expect(hosted, label).not.toBe("paid");
        expect(card, label).not.toBe("paid");
        expect(await db.eventTypes(order.number), label).toEqual(["order.cancelled"]);
      }
      // Every Payme transaction the race left is performed (the payment) or cancelled.
      for (const transaction of transactions) expect([2, -1], label).toContain(transaction.state);
    });
  }

  it("no call failed unexpectedly in either store process", () => {
    for (const store of stores) {
      expect(store.app.logs()).not.toMatch(UNEXPECTED_FAILURE_LOG);
      expect(store.app.logs()).not.toMatch(/Unexpected error|Error: .*at /);
    }
  });
});
