// Payme Merchant API methods against the running store over real HTTP, with the order's ledger,
// status, reservation and outbox checked after every state change
// (docs/protocols/payme-merchant-api.md "Account", "Methods"; DESIGN.md "Order and payment
// state"). Runs on SQLite and on PostgreSQL (vitest.config.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settleOrder } from "@/lib/orders/settlement";
import { sweepExpiredTransactions } from "@/lib/payments/payme/merchant-api/transactions";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";
import {
  createOrder,
  fiscalTotal,
  newPaymeId,
  orderView,
  PaymeClient,
  startPaymeStores,
  StoreDatabase,
  TWELVE_HOURS_MS,
  UNEXPECTED_FAILURE_LOG,
  type PaymeStore,
  type StoreOrder,
} from "./helpers/payme";

const kind = testDatabaseKind();
const THIRTEEN_HOURS_MS = 13 * 3_600_000;

describe(`Payme Merchant API methods on ${kind}`, () => {
  let database: FreshDatabase;
  let store: PaymeStore;
  let client: PaymeClient;
  let db: StoreDatabase;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    [store] = (await startPaymeStores(database)) as [PaymeStore];
    client = store.client;
    db = new StoreDatabase(database.url, store.appSecret);
  });

  afterAll(async () => {
    await db?.close();
    await store?.app.stop();
    await database?.drop();
  });

  const newOrder = (items?: { sku: string; quantity: number }[]) => createOrder(store.app.url, items);
  const accountOf = (order: StoreOrder) => ({ order_id: order.number });
  const amountOf = (order: StoreOrder) => Number(order.amount);

  function check(order: StoreOrder, amount = amountOf(order)) {
    return client.call("CheckPerformTransaction", { amount, account: accountOf(order) });
  }
  function create(order: StoreOrder, id = newPaymeId(), time = Date.now(), amount = amountOf(order)) {
    return client.call("CreateTransaction", { id, time, amount, account: accountOf(order) });
  }
  async function created(order: StoreOrder, id = newPaymeId(), time = Date.now()) {
    const body = await create(order, id, time);
    expect(body.error, JSON.stringify(body)).toBeUndefined();
    expect(body.result.state).toBe(1);
    return { id, time, result: body.result as { create_time: number; transaction: string; state: number } };
  }
  async function performed(order: StoreOrder) {
    const made = await created(order);
    const body = await client.call("PerformTransaction", { id: made.id });
    expect(body.result?.state, JSON.stringify(body)).toBe(2);
    return { ...made, perform: body.result as { transaction: string; perform_time: number; state: number } };
  }

  /** The order as a whole: status by API and stored, sums, ledger, outbox, reservation. */
  async function expectOrderState(
    order: StoreOrder,
    expected: { status: string; paid: bigint; refunded: bigint; ledger: string[]; events: string[]; reservedBy?: string },
  ) {
    const view = await orderView(store.app.url, order.id);
    expect(view.status, "status by the API").toBe(expected.status);
    expect(view.paidAmount).toBe(expected.paid.toString());
    expect(view.refundedAmount).toBe(expected.refunded.toString());
    expect(view.payments.map((entry) => `${entry.kind}:${entry.provider}:${entry.reference}:${entry.amount}`)).toEqual(expected.ledger);
    const stored = await db.order(order.number);
    expect(stored?.status, "stored status").toBe(expected.status);
    expect(stored?.paidAmount).toBe(expected.paid);
    expect(stored?.refundedAmount).toBe(expected.refunded);
    expect((await db.ledger(order.number)).map((entry) => `${entry.kind}:${entry.provider}:${entry.reference}:${entry.amount}`)).toEqual(expected.ledger);
    expect(await db.eventTypes(order.number)).toEqual(expected.events);
    const reservation = await db.reservation(order.number);
    if (expected.reservedBy) expect(reservation).toMatchObject({ provider: "payme", kind: "payme_transaction", reference: expected.reservedBy });
    else expect(reservation).toBeUndefined();
  }

  describe("account and amount errors", () => {
    it("-31050 with data order_id for an unknown order or a missing/invalid account field", async () => {
      const order = await newOrder();
      const accounts: Record<string, unknown>[] = [
        { order_id: "2147483000" },
        { order_id: "999999999999" },
        {},
        { order_id: "" },
        { order_id: "   " },
        { order_id: "abc" },
        { order_id: "0" },
        { order_id: "-1" },
        { order_id: "1.5" },
        { order_id: null },
        { order_id: true },
        { order_id: [order.number] },
        { order: order.number },
        { ORDER_ID: order.number },
      ];
      for (const account of accounts) {
        const checked = await client.call("CheckPerformTransaction", { amount: amountOf(order), account });
        expect(checked.error, `Check ${JSON.stringify(account)}`).toMatchObject({ code: -31050, data: "order_id" });
        const made = await client.call("CreateTransaction", { id: newPaymeId(), time: Date.now(), amount: amountOf(order), account });
        expect(made.error, `Create ${JSON.stringify(account)}`).toMatchObject({ code: -31050, data: "order_id" });
      }
      expect(await db.count("PaymeTransaction")).toBe(0);
    });

    it("takes the order number as a number too, and ignores extra account fields", async () => {
      const order = await newOrder();
      const body = await client.call("CheckPerformTransaction", { amount: amountOf(order), account: { order_id: Number(order.number), phone: "998901234567" } });
      expect(body.result?.allow, JSON.stringify(body)).toBe(true);
    });

    it("-31001 with data amount for any amount but the outstanding one; nothing is created", async () => {
      const order = await newOrder();
      for (const amount of [amountOf(order) + 1, amountOf(order) - 1, amountOf(order) / 100, amountOf(order) * 100, 1]) {
        expect((await check(order, amount)).error, String(amount)).toMatchObject({ code: -31001, data: "amount" });
        expect((await create(order, newPaymeId(), Date.now(), amount)).error, String(amount)).toMatchObject({ code: -31001, data: "amount" });
      }
      expect(await db.transactionsOf(order.number)).toEqual([]);
      await expectOrderState(order, { status: "pending", paid: 0n, refunded: 0n, ledger: [], events: [] });
    });

    it("Check allows a payable order with a fiscal detail adding up to the amount", async () => {
      const order = await newOrder([
        { sku: "KAZAN-8L", quantity: 1 },
        { sku: "GREEN-TEA-95", quantity: 3 },
      ]);
      const result = (await check(order)).result;
      expect(result.allow).toBe(true);
      expect(result.detail.receipt_type).toBe(0);
      expect(result.detail.items).toHaveLength(2);
      for (const item of result.detail.items) {
        expect(item).toMatchObject({ title: expect.any(String), price: expect.any(Number), count: expect.any(Number), code: expect.stringMatching(/^\d{17}$/), package_code: expect.any(String), vat_percent: 12 });
        expect(item.discount).toBeUndefined();
      }
      expect(fiscalTotal(result.detail)).toBe(BigInt(order.amount));
    });

    it("-31099 for a paid order (Check and Create)", async () => {
      const order = await newOrder();
      await performed(order);
      expect((await check(order)).error).toMatchObject({ code: -31099, data: "order_id" });
      expect((await create(order)).error).toMatchObject({ code: -31099, data: "order_id" });
      expect(await db.transactionsOf(order.number)).toHaveLength(1);
    });

    it("-31099 for a cancelled order (Check and Create)", async () => {
      const order = await newOrder();
      await db.setOrderColumn(order.number, "cancelledAt", new Date());
      expect((await check(order)).error).toMatchObject({ code: -31099, data: "order_id" });
      expect((await create(order)).error).toMatchObject({ code: -31099, data: "order_id" });
      expect(await db.transactionsOf(order.number)).toEqual([]);
    });

    it("-31099 for a refunded order (Check and Create)", async () => {
      const order = await newOrder();
      const made = await performed(order);
      expect((await client.call("CancelTransaction", { id: made.id, reason: 5 })).result?.state).toBe(-2);
      expect((await check(order)).error).toMatchObject({ code: -31099, data: "order_id" });
      expect((await create(order)).error).toMatchObject({ code: -31099, data: "order_id" });
    });

    it("a reserved order: Check → -31099, Create with another id → -31008, the same id → the stored answer", async () => {
      const order = await newOrder();
      const first = await created(order);
      expect((await check(order)).error).toMatchObject({ code: -31099, data: "order_id" });
      const second = await create(order);
      expect(second.error?.code).toBe(-31008);
      const again = await create(order, first.id, first.time);
      expect(again.result).toEqual(first.result);
      expect(await db.transactionsOf(order.number)).toHaveLength(1);
      await expectOrderState(order, { status: "processing", paid: 0n, refunded: 0n, ledger: [], events: [], reservedBy: first.id });
    });

    it("-31008 for a Create whose time is more than 12 hours old; nothing is created", async () => {
      const order = await newOrder();
      const body = await create(order, newPaymeId(), Date.now() - TWELVE_HOURS_MS - 60_000);
      expect(body.error?.code).toBe(-31008);
      expect(await db.transactionsOf(order.number)).toEqual([]);
      await expectOrderState(order, { status: "pending", paid: 0n, refunded: 0n, ledger: [], events: [] });
      // 11 hours old is fine.
      await created(order, newPaymeId(), Date.now() - 11 * 3_600_000);
    });

    it("-31003 for an unknown transaction (Perform, Cancel, CheckTransaction)", async () => {
      const id = newPaymeId();
      expect((await client.call("PerformTransaction", { id })).error?.code).toBe(-31003);
      expect((await client.call("CancelTransaction", { id, reason: 3 })).error?.code).toBe(-31003);
      expect((await client.call("CheckTransaction", { id })).error?.code).toBe(-31003);
      expect(await db.transaction(id)).toBeUndefined();
    });
  });

  describe("lifecycles", () => {
    it("Create → Perform → Cancel: each state change shows in the ledger, status and outbox exactly once", async () => {
      const order = await newOrder();
      const amount = BigInt(order.amount);
      const made = await created(order);
      expect(made.result).toEqual({ create_time: expect.any(Number), transaction: expect.stringMatching(/^\d+$/), state: 1 });
      expect(Math.abs(made.result.create_time - Date.now())).toBeLessThan(60_000);
      await expectOrderState(order, { status: "processing", paid: 0n, refunded: 0n, ledger: [], events: [], reservedBy: made.id });

      const checked = await client.result("CheckTransaction", { id: made.id });
      expect(checked).toEqual({ create_time: made.result.create_time, perform_time: 0, cancel_time: 0, transaction: made.result.transaction, state: 1, reason: null });

      const perform = await client.result("PerformTransaction", { id: made.id });
      expect(perform).toEqual({ transaction: made.result.transaction, perform_time: expect.any(Number), state: 2 });
      expect(perform.perform_time).toBeGreaterThanOrEqual(made.result.create_time);
      const payment = `payment:payme:${made.id}:${amount}`;
      await expectOrderState(order, { status: "paid", paid: amount, refunded: 0n, ledger: [payment], events: ["payment.received", "order.paid"] });
      const row = await db.transaction(made.id);
      expect(row).toMatchObject({ state: 2, performTime: BigInt(perform.perform_time), createTime: BigInt(made.result.create_time), paymeTime: BigInt(made.time), cancelTime: 0n, reason: null });

      expect(await client.result("PerformTransaction", { id: made.id })).toEqual(perform);
      await expectOrderState(order, { status: "paid", paid: amount, refunded: 0n, ledger: [payment], events: ["payment.received", "order.paid"] });
      expect(await client.result("CheckTransaction", { id: made.id })).toEqual({
        create_time: made.result.create_time,
        perform_time: perform.perform_time,
        cancel_time: 0,
        transaction: made.result.transaction,
        state: 2,
        reason: null,
      });

      const cancel = await client.result("CancelTransaction", { id: made.id, reason: 5 });
      expect(cancel).toEqual({ transaction: made.result.transaction, cancel_time: expect.any(Number), state: -2 });
      const refund = `refund:payme:${made.id}:${amount}`;
      const afterCancel = { status: "refunded", paid: amount, refunded: amount, ledger: [payment, refund], events: ["payment.received", "order.paid", "refund.recorded", "order.refunded"] };
      await expectOrderState(order, afterCancel);
      expect(await client.result("CancelTransaction", { id: made.id, reason: 5 })).toEqual(cancel);
      // Another reason on a repeat changes nothing either.
      expect(await client.result("CancelTransaction", { id: made.id, reason: 3 })).toEqual(cancel);
      await expectOrderState(order, afterCancel);
      expect(await client.result("CheckTransaction", { id: made.id })).toEqual({
        create_time: made.result.create_time,
        perform_time: perform.perform_time,
        cancel_time: cancel.cancel_time,
        transaction: made.result.transaction,
        state: -2,
        reason: 5,
      });
      // A cancelled transaction is never performed or re-created.
      expect((await client.call("PerformTransaction", { id: made.id })).error?.code).toBe(-31008);
      expect((await create(order, made.id, made.time)).error?.code).toBe(-31008);
      await expectOrderState(order, afterCancel);
    });

    it("Cancel of a created transaction: state -1 with the reason sent, the order payable again", async () => {
      const order = await newOrder();
      const made = await created(order);
      const cancel = await client.result("CancelTransaction", { id: made.id, reason: 3 });
      expect(cancel).toEqual({ transaction: made.result.transaction, cancel_time: expect.any(Number), state: -1 });
      expect(cancel.cancel_time).toBeGreaterThan(0);
      await expectOrderState(order, { status: "pending", paid: 0n, refunded: 0n, ledger: [], events: [] });
      expect((await orderView(store.app.url, order.id)).payable).toBe(true);
      expect(await client.result("CancelTransaction", { id: made.id, reason: 3 })).toEqual(cancel);
      expect(await client.result("CheckTransaction", { id: made.id })).toEqual({
        create_time: made.result.create_time,
        perform_time: 0,
        cancel_time: cancel.cancel_time,
        transaction: made.result.transaction,
        state: -1,
        reason: 3,
      });
      expect((await client.call("PerformTransaction", { id: made.id })).error?.code).toBe(-31008);
      expect((await create(order, made.id, made.time)).error?.code).toBe(-31008);

      // A cancelled attempt does not block a new one.
      expect((await check(order)).result?.allow).toBe(true);
      const next = await created(order);
      expect(next.result.transaction).not.toBe(made.result.transaction);
      await client.result("PerformTransaction", { id: next.id });
      await expectOrderState(order, {
        status: "paid",
        paid: BigInt(order.amount),
        refunded: 0n,
        ledger: [`payment:payme:${next.id}:${order.amount}`],
        events: ["payment.received", "order.paid"],
      });
    });

    it("-31007 when cancelling a performed transaction of a fulfilled order, then success once the refund is approved", async () => {
      const order = await newOrder();
      const made = await performed(order);
      await db.setOrderColumn(order.number, "fulfilledAt", new Date());
      const payment = `payment:payme:${made.id}:${order.amount}`;
      const refused = await client.call("CancelTransaction", { id: made.id, reason: 5 });
      expect(refused.error).toMatchObject({ code: -31007 });
      expect((await client.call("CancelTransaction", { id: made.id, reason: 5 })).error).toEqual(refused.error);
      expect(await client.result("CheckTransaction", { id: made.id })).toMatchObject({ state: 2, cancel_time: 0, reason: null });
      await expectOrderState(order, { status: "paid", paid: BigInt(order.amount), refunded: 0n, ledger: [payment], events: ["payment.received", "order.paid"] });

      await db.approveRefund(made.id);
      const cancel = await client.result("CancelTransaction", { id: made.id, reason: 5 });
      expect(cancel).toMatchObject({ state: -2, transaction: made.result.transaction });
      expect(await client.result("CancelTransaction", { id: made.id, reason: 5 })).toEqual(cancel);
      await expectOrderState(order, {
        status: "refunded",
        paid: BigInt(order.amount),
        refunded: BigInt(order.amount),
        ledger: [payment, `refund:payme:${made.id}:${order.amount}`],
        events: ["payment.received", "order.paid", "refund.recorded", "order.refunded"],
      });
    });

    it("a fulfilled order's created (unperformed) transaction can still be cancelled", async () => {
      const order = await newOrder();
      const made = await created(order);
      await db.setOrderColumn(order.number, "fulfilledAt", new Date());
      expect((await client.result("CancelTransaction", { id: made.id, reason: 3 })).state).toBe(-1);
    });

    it("repeated calls give identical answers, field for field", async () => {
      const order = await newOrder();
      const id = newPaymeId();
      const time = Date.now();
      const params = { id, time, amount: amountOf(order), account: accountOf(order) };
      const rpc = { id: 4242 };
      const creates = [await client.call("CreateTransaction", params, rpc)];
      // Payme repeats after a lost answer: later, not at once.
      await new Promise((resolve) => setTimeout(resolve, 20));
      creates.push(await client.call("CreateTransaction", params, rpc), await client.call("CreateTransaction", params, rpc));
      expect(creates[1]).toEqual(creates[0]);
      expect(creates[2]).toEqual(creates[0]);
      const checks1 = [await client.call("CheckTransaction", { id }, rpc), await client.call("CheckTransaction", { id }, rpc)];
      expect(checks1[1]).toEqual(checks1[0]);

      const performs = [await client.call("PerformTransaction", { id }, rpc)];
      await new Promise((resolve) => setTimeout(resolve, 20));
      performs.push(await client.call("PerformTransaction", { id }, rpc), await client.call("PerformTransaction", { id }, rpc));
      expect(performs[1]).toEqual(performs[0]);
      expect(performs[2]).toEqual(performs[0]);
      const checks2 = [await client.call("CheckTransaction", { id }, rpc), await client.call("CheckTransaction", { id }, rpc)];
      expect(checks2[1]).toEqual(checks2[0]);
      expect(checks2[0]!.result.create_time).toBe(creates[0]!.result.create_time);

      const cancels = [await client.call("CancelTransaction", { id, reason: 5 }, rpc)];
      await new Promise((resolve) => setTimeout(resolve, 20));
      cancels.push(await client.call("CancelTransaction", { id, reason: 5 }, rpc), await client.call("CancelTransaction", { id, reason: 5 }, rpc));
      expect(cancels[1]).toEqual(cancels[0]);
      expect(cancels[2]).toEqual(cancels[0]);
      const checks3 = [await client.call("CheckTransaction", { id }, rpc), await client.call("CheckTransaction", { id }, rpc)];
      expect(checks3[1]).toEqual(checks3[0]);
      expect(checks3[0]!.result).toEqual({
        create_time: creates[0]!.result.create_time,
        perform_time: performs[0]!.result.perform_time,
        cancel_time: cancels[0]!.result.cancel_time,
        transaction: creates[0]!.result.transaction,
        state: -2,
        reason: 5,
      });
      // A Create repeated with another `time` for the same id is not a new transaction either.
      expect((await client.call("CreateTransaction", { ...params, time: time + 1 })).error?.code).toBe(-31008);
      expect(await db.transactionsOf(order.number)).toHaveLength(1);
    });
  });

  describe("the 12-hour expiry", () => {
    /** A created transaction whose Payme time is moved 13 hours back (its reservation left as it was). */
    async function expiredTransaction() {
      const order = await newOrder();
      const made = await created(order);
      await db.setPaymeTime(made.id, Date.now() - THIRTEEN_HOURS_MS);
      return { order, made };
    }

    /** Cancelled with reason 4, reservation released, the order payable and payable again through Payme. */
    async function expectExpiredAndPayable(order: StoreOrder, paymeId: string) {
      const row = await db.transaction(paymeId);
      expect(row).toMatchObject({ state: -1, reason: 4, performTime: 0n });
      expect(row!.cancelTime).toBeGreaterThan(0n);
      await expectOrderState(order, { status: "pending", paid: 0n, refunded: 0n, ledger: [], events: [] });
      expect((await orderView(store.app.url, order.id)).payable).toBe(true);
      const next = await created(order);
      expect((await client.result("PerformTransaction", { id: next.id })).state).toBe(2);
      await expectOrderState(order, {
        status: "paid",
        paid: BigInt(order.amount),
        refunded: 0n,
        ledger: [`payment:payme:${next.id}:${order.amount}`],
        events: ["payment.received", "order.paid"],
      });
    }

    it("CheckPerformTransaction cancels the order's expired transaction (reason 4) and allows", async () => {
      const { order, made } = await expiredTransaction();
      expect((await check(order)).result?.allow).toBe(true);
      await expectExpiredAndPayable(order, made.id);
    });

    it("CreateTransaction with the expired id cancels it (reason 4) and answers -31008", async () => {
      const { order, made } = await expiredTransaction();
      expect((await create(order, made.id, made.time)).error?.code).toBe(-31008);
      await expectExpiredAndPayable(order, made.id);
    });

    it("CreateTransaction with a new id cancels the expired one (reason 4) and creates", async () => {
      const { order, made } = await expiredTransaction();
      const next = await created(order);
      expect(await db.transaction(made.id)).toMatchObject({ state: -1, reason: 4 });
      expect((await client.result("CancelTransaction", { id: next.id, reason: 3 })).state).toBe(-1);
      await expectExpiredAndPayable(order, made.id);
    });

    it("PerformTransaction cancels it (reason 4) and answers -31008: no payment", async () => {
      const { order, made } = await expiredTransaction();
      expect((await client.call("PerformTransaction", { id: made.id })).error?.code).toBe(-31008);
      expect((await client.call("PerformTransaction", { id: made.id })).error?.code).toBe(-31008);
      await expectExpiredAndPayable(order, made.id);
    });

    it("CheckTransaction cancels it and reports state -1, reason 4", async () => {
      const { order, made } = await expiredTransaction();
      const result = await client.result("CheckTransaction", { id: made.id });
      expect(result).toEqual({
        create_time: made.result.create_time,
        perform_time: 0,
        cancel_time: expect.any(Number),
        transaction: made.result.transaction,
        state: -1,
        reason: 4,
      });
      expect(await client.result("CheckTransaction", { id: made.id })).toEqual(result);
      await expectExpiredAndPayable(order, made.id);
    });

    it("CancelTransaction cancels it with reason 4 (the timeout came first)", async () => {
      const { order, made } = await expiredTransaction();
      const result = await client.result("CancelTransaction", { id: made.id, reason: 3 });
      expect(result).toEqual({ transaction: made.result.transaction, cancel_time: expect.any(Number), state: -1 });
      expect(await client.result("CancelTransaction", { id: made.id, reason: 3 })).toEqual(result);
      await expectExpiredAndPayable(order, made.id);
    });

    it("the sweep cancels expired transactions nobody touches; a performed or fresh one stays", async () => {
      const { order, made } = await expiredTransaction();
      // As time would have it, the reservation lapsed with it.
      await db.setPaymeTime(made.id, Date.now() - THIRTEEN_HOURS_MS, { alsoReservation: true });
      const fresh = await newOrder();
      const freshMade = await created(fresh);
      const paid = await newOrder();
      const paidMade = await performed(paid);
      await db.setPaymeTime(paidMade.id, Date.now() - THIRTEEN_HOURS_MS);

      const cancelled = await sweepExpiredTransactions(db.sql, Date.now());
      expect(cancelled).toBeGreaterThanOrEqual(1);
      expect(await db.transaction(made.id)).toMatchObject({ state: -1, reason: 4 });
      expect(await db.transaction(freshMade.id)).toMatchObject({ state: 1, reason: null });
      expect(await db.transaction(paidMade.id)).toMatchObject({ state: 2, reason: null });
      expect(await sweepExpiredTransactions(db.sql, Date.now())).toBe(0);
      // Payme's CheckTransaction then reports what the sweep did.
      expect(await client.result("CheckTransaction", { id: made.id })).toMatchObject({ state: -1, reason: 4, perform_time: 0 });
      await expectExpiredAndPayable(order, made.id);
    });

    it("a transaction a little under 12 hours old is not expired", async () => {
      const order = await newOrder();
      const made = await created(order);
      // A little under 12 hours (the call itself takes a moment).
      await db.setPaymeTime(made.id, Date.now() - TWELVE_HOURS_MS + 30_000);
      expect((await client.result("PerformTransaction", { id: made.id })).state).toBe(2);
    });
  });

  describe("GetStatement", () => {
    it("lists transactions with from ≤ time ≤ to, ascending by time, every field; an empty period is []", async () => {
      // Times 3 hours back (Create accepts them), apart from every other test's "now".
      const base = Date.now() - 3 * 3_600_000 - Math.floor(Math.random() * 1_000_000);
      const [a, b, c] = [await newOrder(), await newOrder(), await newOrder()];
      // Created out of time order: A gets the latest time, B the earliest.
      const madeA = await created(a, newPaymeId(), base + 2000);
      const madeB = await created(b, newPaymeId(), base);
      const madeC = await created(c, newPaymeId(), base + 1000);
      const performB = await client.result("PerformTransaction", { id: madeB.id });
      const cancelC = await client.result("CancelTransaction", { id: madeC.id, reason: 3 });

      const all = (await client.result("GetStatement", { from: base, to: base + 2000 })).transactions;
      expect(all).toEqual([
        {
          id: madeB.id,
          time: base,
          amount: amountOf(b),
          account: { order_id: b.number },
          create_time: madeB.result.create_time,
          perform_time: performB.perform_time,
          cancel_time: 0,
          transaction: madeB.result.transaction,
          state: 2,
          reason: null,
          receivers: null,
        },
        {
          id: madeC.id,
          time: base + 1000,
          amount: amountOf(c),
          account: { order_id: c.number },
          create_time: madeC.result.create_time,
          perform_time: 0,
          cancel_time: cancelC.cancel_time,
          transaction: madeC.result.transaction,
          state: -1,
          reason: 3,
          receivers: null,
        },
        {
          id: madeA.id,
          time: base + 2000,
          amount: amountOf(a),
          account: { order_id: a.number },
          create_time: madeA.result.create_time,
          perform_time: 0,
          cancel_time: 0,
          transaction: madeA.result.transaction,
          state: 1,
          reason: null,
          receivers: null,
        },
      ]);
      const ids = async (from: number, to: number) =>
        ((await client.result("GetStatement", { from, to })).transactions as { id: string }[]).map((entry) => entry.id);
      expect(await ids(base + 1, base + 2000)).toEqual([madeC.id, madeA.id]);
      expect(await ids(base, base + 1999)).toEqual([madeB.id, madeC.id]);
      expect(await ids(base + 1000, base + 1000)).toEqual([madeC.id]);
      expect(await ids(base + 1, base + 999)).toEqual([]);
      expect(await client.result("GetStatement", { from: 1, to: 1000 })).toEqual({ transactions: [] });
      expect(await client.result("GetStatement", { from: base + 2000, to: base })).toEqual({ transactions: [] });
      // Repeatable.
      expect((await client.result("GetStatement", { from: base, to: base + 2000 })).transactions).toEqual(all);
    });

    it("leaves out a Create that failed", async () => {
      const time = Date.now() - 2 * 3_600_000 - Math.floor(Math.random() * 1_000_000);
      const order = await newOrder();
      expect((await create(order, newPaymeId(), time, amountOf(order) + 1)).error?.code).toBe(-31001);
      expect(await client.result("GetStatement", { from: time, to: time })).toEqual({ transactions: [] });
    });
  });

  describe("SetFiscalData", () => {
    const fiscal = (receiptId: number | string, sign: string) => ({
      receipt_id: receiptId,
      status_code: 0,
      message: "accepted",
      terminal_id: "EP000000000025",
      fiscal_sign: sign,
      qr_code_url: `https://ofd.soliq.uz/check?t=EP000000000025&r=${receiptId}&c=20240601120000&s=${sign}`,
      date: "20240601120000",
    });

    it("stores PERFORM and CANCEL fiscal data separately; receipt_id as a number or a string", async () => {
      const order = await newOrder();
      const made = await performed(order);
      const perform = fiscal(6, "800001277155");
      expect(await client.result("SetFiscalData", { id: made.id, type: "PERFORM", fiscal_data: perform })).toEqual({ success: true });
      let row = await db.transaction(made.id);
      expect(JSON.parse(row!.fiscalPerform!)).toEqual(perform);
      expect(row!.fiscalCancel).toBeNull();
      // The shopper's order page links the fiscal receipt.
      expect((await orderView(store.app.url, order.id)).fiscalReceipts).toEqual([perform.qr_code_url]);

      await client.result("CancelTransaction", { id: made.id, reason: 5 });
      const cancel = fiscal("7", "800001277999");
      expect(await client.result("SetFiscalData", { id: made.id, type: "CANCEL", fiscal_data: cancel })).toEqual({ success: true });
      row = await db.transaction(made.id);
      expect(JSON.parse(row!.fiscalPerform!)).toEqual(perform);
      expect(JSON.parse(row!.fiscalCancel!)).toEqual(cancel);

      // A repeat changes nothing but the same data.
      expect(await client.result("SetFiscalData", { id: made.id, type: "PERFORM", fiscal_data: perform })).toEqual({ success: true });
      expect(JSON.parse((await db.transaction(made.id))!.fiscalPerform!)).toEqual(perform);
      // It touches neither the transaction nor the order.
      expect(await client.result("CheckTransaction", { id: made.id })).toMatchObject({ state: -2, reason: 5 });
    });

    it("-32001 for an unknown id", async () => {
      const body = await client.call("SetFiscalData", { id: newPaymeId(), type: "PERFORM", fiscal_data: fiscal(6, "1") });
      expect(body.error?.code).toBe(-32001);
    });

    it.each([
      ["an unknown type", { type: "REFUND", fiscal_data: { receipt_id: 6 } }],
      ["no type", { fiscal_data: { receipt_id: 6 } }],
      ["no fiscal_data", { type: "PERFORM" }],
      ["fiscal_data as a string", { type: "PERFORM", fiscal_data: "6" }],
      ["no receipt_id", { type: "PERFORM", fiscal_data: { status_code: 0 } }],
      ["receipt_id as a boolean", { type: "PERFORM", fiscal_data: { receipt_id: true } }],
      ["receipt_id as a fraction", { type: "PERFORM", fiscal_data: { receipt_id: 6.5 } }],
      ["status_code as a string", { type: "PERFORM", fiscal_data: { receipt_id: 6, status_code: "0" } }],
    ])("-32602 for %s, nothing stored", async (_name, params) => {
      const order = await newOrder();
      const made = await performed(order);
      const body = await client.call("SetFiscalData", { id: made.id, ...params });
      expect(body.error?.code).toBe(-32602);
      expect((await db.transaction(made.id))!.fiscalPerform).toBeNull();
    });

    it("-32602 for a missing or empty id", async () => {
      expect((await client.call("SetFiscalData", { type: "PERFORM", fiscal_data: { receipt_id: 6 } })).error?.code).toBe(-32602);
      expect((await client.call("SetFiscalData", { id: "", type: "PERFORM", fiscal_data: { receipt_id: 6 } })).error?.code).toBe(-32602);
    });
  });

  describe("a part already paid (1C)", () => {
    it("asks the outstanding amount; the fiscal items carry discounts adding up to it; Perform completes the order", async () => {
      const order = await newOrder([
        { sku: "KAZAN-8L", quantity: 1 },
        { sku: "GREEN-TEA-95", quantity: 3 },
        { sku: "NON-STAMP", quantity: 7 },
      ]);
      const amount = BigInt(order.amount);
      const part = 12_345_67n;
      const reference = `1C-${newPaymeId()}`;
      await settleOrder(db.sql, Number(order.number), (locked) => locked.recordPayment({ provider: "1c", reference, amount: part }));
      const outstanding = amount - part;
      const oneC = `payment:1c:${reference}:${part}`;
      await expectOrderState(order, { status: "partially_paid", paid: part, refunded: 0n, ledger: [oneC], events: ["payment.received"] });
      expect((await orderView(store.app.url, order.id)).outstandingAmount).toBe(outstanding.toString());

      expect((await check(order, Number(amount))).error).toMatchObject({ code: -31001, data: "amount" });
      expect((await create(order, newPaymeId(), Date.now(), Number(amount))).error).toMatchObject({ code: -31001, data: "amount" });

      const result = (await check(order, Number(outstanding))).result;
      expect(result.allow).toBe(true);
      expect(result.detail.items).toHaveLength(3);
      expect(fiscalTotal(result.detail)).toBe(outstanding);
      const discounts = (result.detail.items as { price: number; count: number; discount?: number }[]).map((item) => BigInt(item.discount ?? 0));
      expect(discounts.reduce((sum, value) => sum + value, 0n)).toBe(part);
      for (const item of result.detail.items as { price: number; count: number; discount?: number }[]) {
        expect(item.discount ?? 0).toBeLessThanOrEqual(item.price * item.count);
      }

      const made = { id: newPaymeId() };
      const createdBody = await create(order, made.id, Date.now(), Number(outstanding));
      expect(createdBody.result?.state, JSON.stringify(createdBody)).toBe(1);
      await expectOrderState(order, { status: "processing", paid: part, refunded: 0n, ledger: [oneC], events: ["payment.received"], reservedBy: made.id });
      await client.result("PerformTransaction", { id: made.id });
      await expectOrderState(order, {
        status: "paid",
        paid: amount,
        refunded: 0n,
        ledger: [oneC, `payment:payme:${made.id}:${outstanding}`],
        events: ["payment.received", "payment.received", "order.paid"],
      });
      expect((await db.transaction(made.id))!.amount).toBe(outstanding);
    });
  });

  it("no call failed unexpectedly in the store", () => {
    expect(store.app.logs()).not.toMatch(UNEXPECTED_FAILURE_LOG);
  });
});
