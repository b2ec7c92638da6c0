// Payme repeats Create, Perform and Cancel, and duplicates may arrive at the same moment on
// different machines (docs/protocols/payme-merchant-api.md "Concurrency and retries"). On
// PostgreSQL two store processes share one database and every burst is split across them; on
// SQLite one process takes the whole burst. Exactly one call may change anything; every answer
// must be the stored one. On SQLite the calls of one process take turns (the SQL layer's mutex),
// so there this proves idempotency only; the concurrency proof is the PostgreSQL run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, raceProof, testDatabaseKind, type FreshDatabase } from "./helpers/database";
import {
  createOrder,
  newPaymeId,
  orderView,
  startPaymeStores,
  StoreDatabase,
  UNEXPECTED_FAILURE_LOG,
  type PaymeClient,
  type PaymeStore,
  type RpcBody,
  type StoreOrder,
} from "./helpers/payme";

const kind = testDatabaseKind();
const INSTANCES = kind === "postgresql" ? 2 : 1;
const BURST = 60;

describe(`${raceProof(kind)}: simultaneous duplicate Payme calls on ${kind}, ${INSTANCES} store process(es) on one database`, () => {
  let database: FreshDatabase;
  let stores: PaymeStore[];
  let db: StoreDatabase;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    stores = await startPaymeStores(database, INSTANCES);
    db = new StoreDatabase(database.url, stores[0]!.appSecret);
  });

  afterAll(async () => {
    await db?.close();
    await Promise.all((stores ?? []).map((store) => store.app.stop()));
    await database?.drop();
  });

  /** `BURST` calls at once, alternating between the instances; answers in call order. */
  async function burst(method: string, params: (index: number) => unknown): Promise<RpcBody[]> {
    const clients: PaymeClient[] = stores.map((store) => store.client);
    return Promise.all(Array.from({ length: BURST }, (_unused, index) => clients[index % clients.length]!.call(method, params(index), { id: 77 })));
  }

  function expectAllEqual(answers: RpcBody[]): void {
    const distinct = new Set(answers.map((answer) => JSON.stringify(answer)));
    expect([...distinct], "distinct answers").toHaveLength(1);
  }

  describe("one transaction, duplicated", () => {
    let order: StoreOrder;
    const id = newPaymeId();
    const time = Date.now();

    beforeAll(async () => {
      order = await createOrder(stores[0]!.app.url);
    });

    it(`${BURST} identical CreateTransaction → one transaction, equal answers`, async () => {
      const answers = await burst("CreateTransaction", () => ({ id, time, amount: Number(order.amount), account: { order_id: order.number } }));
      expectAllEqual(answers);
      expect(answers[0]!.result).toEqual({ create_time: expect.any(Number), transaction: expect.any(String), state: 1 });
      const rows = await db.transactionsOf(order.number);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ paymeId: id, state: 1, createTime: BigInt(answers[0]!.result.create_time) });
      expect(await db.reservation(order.number)).toMatchObject({ reference: id });
      expect(await db.count("PaymeTransaction")).toBe(1);
      expect(await db.count("Reservation")).toBe(1);
    });

    it(`${BURST} identical PerformTransaction → one state change, one ledger entry, one payment.received, one order.paid`, async () => {
      const answers = await burst("PerformTransaction", () => ({ id }));
      expectAllEqual(answers);
      expect(answers[0]!.result).toEqual({ transaction: expect.any(String), perform_time: expect.any(Number), state: 2 });
      expect(await db.transaction(id)).toMatchObject({ state: 2, performTime: BigInt(answers[0]!.result.perform_time) });
      expect(await db.ledger(order.number)).toEqual([{ kind: "payment", provider: "payme", reference: id, amount: BigInt(order.amount) }]);
      expect(await db.eventTypes(order.number)).toEqual(["payment.received", "order.paid"]);
      expect(await db.reservation(order.number)).toBeUndefined();
      const view = await orderView(stores[0]!.app.url, order.id);
      expect([view.status, view.paidAmount]).toEqual(["paid", order.amount]);
    });

    it(`${BURST} identical CancelTransaction → one refund entry, equal answers`, async () => {
      const answers = await burst("CancelTransaction", () => ({ id, reason: 5 }));
      expectAllEqual(answers);
      expect(answers[0]!.result).toEqual({ transaction: expect.any(String), cancel_time: expect.any(Number), state: -2 });
      expect(await db.transaction(id)).toMatchObject({ state: -2, reason: 5, cancelTime: BigInt(answers[0]!.result.cancel_time) });
      expect(await db.ledger(order.number)).toEqual([
        { kind: "payment", provider: "payme", reference: id, amount: BigInt(order.amount) },
        { kind: "refund", provider: "payme", reference: id, amount: BigInt(order.amount) },
      ]);
      expect(await db.eventTypes(order.number)).toEqual(["payment.received", "order.paid", "refund.recorded", "order.refunded"]);
      const view = await orderView(stores[0]!.app.url, order.id);
      expect([view.status, view.refundedAmount]).toEqual(["refunded", order.amount]);
    });

    it(`${BURST} identical CheckTransaction → equal answers`, async () => {
      const answers = await burst("CheckTransaction", () => ({ id }));
      expectAllEqual(answers);
      expect(answers[0]!.result).toMatchObject({ state: -2, reason: 5 });
    });
  });

  it(`${BURST} CreateTransaction with different ids for one order → exactly one wins, the rest -31008`, async () => {
    const order = await createOrder(stores[0]!.app.url);
    const ids = Array.from({ length: BURST }, () => newPaymeId());
    const answers = await burst("CreateTransaction", (index) => ({ id: ids[index], time: Date.now(), amount: Number(order.amount), account: { order_id: order.number } }));
    const winners = answers.filter((answer) => answer.result);
    expect(winners, JSON.stringify(answers.filter((answer) => answer.error && answer.error.code !== -31008))).toHaveLength(1);
    expect(answers.filter((answer) => answer.error?.code === -31008)).toHaveLength(BURST - 1);
    const rows = await db.transactionsOf(order.number);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.state).toBe(1);
    expect(await db.reservation(order.number)).toMatchObject({ reference: rows[0]!.paymeId });
  });

  it(`${BURST} CheckPerformTransaction and CreateTransaction mixed → one transaction; Checks allow or answer -31099`, async () => {
    const order = await createOrder(stores[0]!.app.url);
    const params = { amount: Number(order.amount), account: { order_id: order.number } };
    const clients = stores.map((store) => store.client);
    const answers = await Promise.all(
      Array.from({ length: BURST }, (_unused, index) => {
        const client = clients[index % clients.length]!;
        return index % 2 === 0
          ? client.call("CreateTransaction", { ...params, id: newPaymeId(), time: Date.now() })
          : client.call("CheckPerformTransaction", params);
      }),
    );
    const creates = answers.filter((_answer, index) => index % 2 === 0);
    const checks = answers.filter((_answer, index) => index % 2 === 1);
    expect(creates.filter((answer) => answer.result)).toHaveLength(1);
    expect(creates.filter((answer) => answer.error?.code === -31008)).toHaveLength(creates.length - 1);
    for (const answer of checks) expect(answer.result?.allow === true || answer.error?.code === -31099, JSON.stringify(answer)).toBe(true);
    expect(await db.transactionsOf(order.number)).toHaveLength(1);
    // Afterwards every Check sees the reservation.
    const after = await burst("CheckPerformTransaction", () => params);
    expect(new Set(after.map((answer) => answer.error?.code))).toEqual(new Set([-31099]));
  });

  it(`${BURST} Perform and Cancel racing on one created transaction → a serial outcome`, async () => {
    const order = await createOrder(stores[0]!.app.url);
    const id = newPaymeId();
    const created = await stores[0]!.client.call("CreateTransaction", { id, time: Date.now(), amount: Number(order.amount), account: { order_id: order.number } });
    expect(created.result?.state).toBe(1);
    const clients = stores.map((store) => store.client);
    const answers = await Promise.all(
      Array.from({ length: BURST }, (_unused, index) => {
        const client = clients[index % clients.length]!;
        return index % 2 === 0 ? client.call("PerformTransaction", { id }) : client.call("CancelTransaction", { id, reason: 3 });
      }),
    );
    const row = (await db.transaction(id))!;
    const ledger = await db.ledger(order.number);
    const performs = answers.filter((_answer, index) => index % 2 === 0);
    const cancels = answers.filter((_answer, index) => index % 2 === 1);
    if (row.state === -1) {
      // Cancel came first: nothing was ever paid, every Perform was refused.
      expect(ledger).toEqual([]);
      expect(performs.every((answer) => answer.error?.code === -31008), JSON.stringify(performs)).toBe(true);
      expect(cancels.every((answer) => answer.result?.state === -1)).toBe(true);
      expect(await db.eventTypes(order.number)).toEqual([]);
    } else {
      // Perform came first: one payment, then one refund; no Perform saw the refund before its payment.
      expect(row.state).toBe(-2);
      expect(ledger.map((entry) => entry.kind)).toEqual(["payment", "refund"]);
      expect(performs.every((answer) => answer.result?.state === 2 || answer.error?.code === -31008)).toBe(true);
      expect(cancels.every((answer) => answer.result?.state === -2)).toBe(true);
      expect(await db.eventTypes(order.number)).toEqual(["payment.received", "order.paid", "refund.recorded", "order.refunded"]);
    }
    expectAllEqualIn(cancels);
  });

  function expectAllEqualIn(answers: RpcBody[]): void {
    expect(new Set(answers.map((answer) => JSON.stringify(answer.result ?? answer.error))).size).toBe(1);
  }

  it(`${BURST} Creates for ${BURST} different orders at once all succeed`, async () => {
    const orders = await Promise.all(Array.from({ length: BURST }, () => createOrder(stores[0]!.app.url)));
    const answers = await burst("CreateTransaction", (index) => ({
      id: newPaymeId(),
      time: Date.now(),
      amount: Number(orders[index]!.amount),
      account: { order_id: orders[index]!.number },
    }));
    expect(answers.filter((answer) => answer.error), JSON.stringify(answers.find((answer) => answer.error))).toEqual([]);
    const transactionIds = new Set(answers.map((answer) => answer.result.transaction));
    expect(transactionIds.size).toBe(BURST);
  });

  it("no call failed unexpectedly in any store process", () => {
    for (const store of stores) expect(store.app.logs()).not.toMatch(UNEXPECTED_FAILURE_LOG);
  });
});
