// The order ledger and outbox against a real database (SQLite and PostgreSQL), through the
// same settlement core the payment callbacks use: settleOrder → recordPayment / recordRefund.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { applyPendingMigrations, withDatabaseLock } from "@/lib/db/migrate";
import { createSql, type SqlDatabase } from "@/lib/db/sql";
import { createOrder, parseCreateOrderRequest } from "@/lib/orders/create-order";
import { getOrderView } from "@/lib/orders/order-view";
import { settle, settleOrder, type LockedOrder } from "@/lib/orders/settlement";
import { seedDemoCatalog } from "@/lib/orders/seed-demo-catalog";
import { freshDatabase, raceProof, testDatabaseKind, type FreshDatabase } from "./helpers/database";

const kind = testDatabaseKind();

describe(`order ledger and outbox on ${kind}`, () => {
  let database: FreshDatabase;
  let db: Db;
  let sql: SqlDatabase;
  let references = 0;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    const applied = await withDatabaseLock(database.url, () => applyPendingMigrations(database.url));
    expect(applied.length).toBeGreaterThan(0);
    db = createDb(database.url);
    sql = createSql(database.url);
    await seedDemoCatalog(db);
  });

  afterAll(async () => {
    await sql?.close();
    await db?.$disconnect();
    await database?.drop();
  });

  /** A new order of one KAZAN-8L (850 000 so'm). */
  async function newOrder() {
    const request = parseCreateOrderRequest({ items: [{ sku: "KAZAN-8L", quantity: 1 }] });
    const order = await createOrder(db, request, {
      getRate: () => Promise.reject(new Error("no foreign currency in this order")),
    });
    expect(order.amount).toBe(85_000_000n);
    return order;
  }

  function reference(): string {
    references += 1;
    return `ref-${kind}-${references}-${Date.now()}`;
  }

  type Entry = { orderNumber: number; kind: "payment" | "refund"; provider: string; reference: string; amount: bigint; refundOf?: string };

  /** What a callback does: lock the order, record the entry, in one settlement. */
  async function record(entry: Entry): Promise<{ recorded: boolean; status: string }> {
    const result = await settleOrder(sql, entry.orderNumber, async (order) => {
      const outcome =
        entry.kind === "payment"
          ? await order.recordPayment(entry)
          : await order.recordRefund({ ...entry, refundOf: entry.refundOf ?? entry.reference });
      if (!outcome.ok) throw new Error(`refund refused: ${outcome.reason}`);
      return { recorded: outcome.recorded, status: order.status };
    });
    if ("ok" in result) throw new Error("order not found");
    return result;
  }

  async function state(orderNumber: number) {
    const order = await db.order.findUniqueOrThrow({ where: { number: orderNumber } });
    const ledger = await db.ledgerEntry.findMany({ where: { orderNumber }, orderBy: { id: "asc" } });
    const events = await db.outboxEvent.findMany({ where: { orderNumber }, orderBy: { id: "asc" } });
    return {
      status: order.status,
      paidAmount: order.paidAmount,
      refundedAmount: order.refundedAmount,
      ledger,
      events: events.map((event) => event.type),
      payloads: events.map((event) => JSON.parse(event.payload) as Record<string, unknown>),
    };
  }

  it("records a full payment: status paid, one payment.received and exactly one order.paid", async () => {
    const order = await newOrder();
    const ref = reference();
    const result = await record({ orderNumber: order.number, kind: "payment", provider: "payme", reference: ref, amount: order.amount });
    expect(result).toEqual({ recorded: true, status: "paid" });
    const after = await state(order.number);
    expect(after.status).toBe("paid");
    expect(after.paidAmount).toBe(order.amount);
    expect(after.ledger).toHaveLength(1);
    expect(after.ledger[0]).toMatchObject({ kind: "payment", provider: "payme", reference: ref, amount: order.amount });
    expect(after.events).toEqual(["payment.received", "order.paid"]);
    expect(after.payloads[0]).toMatchObject({ provider: "payme", reference: ref, amount: order.amount.toString() });

    const view = await getOrderView(db, order.id);
    expect(view).toMatchObject({ status: "paid", paidAmount: order.amount.toString(), outstandingAmount: "0", payable: false });
    expect(view!.payments).toEqual([
      { kind: "payment", provider: "payme", reference: ref, amount: order.amount.toString(), at: expect.any(String) },
    ]);
  });

  it("changes nothing when the same payment is reported twice", async () => {
    const order = await newOrder();
    const entry = { orderNumber: order.number, kind: "payment", provider: "click", reference: reference(), amount: order.amount } as const;
    expect(await record(entry)).toEqual({ recorded: true, status: "paid" });
    const once = await state(order.number);
    expect(await record(entry)).toEqual({ recorded: false, status: "paid" });
    // A retry that reports a different amount for the same reference is still the same entry.
    expect(await record({ ...entry, amount: 1n })).toEqual({ recorded: false, status: "paid" });
    const twice = await state(order.number);
    expect(twice).toEqual(once);
    expect(twice.ledger).toHaveLength(1);
    expect(twice.events.filter((type) => type === "order.paid")).toHaveLength(1);
  });

  it("keeps entries of different providers or kinds with the same reference apart", async () => {
    const order = await newOrder();
    const ref = reference();
    const half = order.amount / 2n;
    expect((await record({ orderNumber: order.number, kind: "payment", provider: "payme", reference: ref, amount: half })).recorded).toBe(true);
    expect((await record({ orderNumber: order.number, kind: "payment", provider: "1c", reference: ref, amount: half })).status).toBe("paid");
    expect((await record({ orderNumber: order.number, kind: "refund", provider: "payme", reference: ref, amount: half })).status).toBe(
      "partially_refunded",
    );
    expect((await state(order.number)).ledger).toHaveLength(3);
  });

  it("derives partially_paid from a partial payment, then paid when the rest arrives", async () => {
    const order = await newOrder();
    const first = await record({ orderNumber: order.number, kind: "payment", provider: "1c", reference: reference(), amount: 30_000_000n });
    expect(first).toEqual({ recorded: true, status: "partially_paid" });
    let current = await state(order.number);
    expect(current.status).toBe("partially_paid");
    expect(current.paidAmount).toBe(30_000_000n);
    expect(current.events).toEqual(["payment.received"]);
    expect((await getOrderView(db, order.id))!.outstandingAmount).toBe("55000000");

    const rest = { orderNumber: order.number, kind: "payment", provider: "payme", reference: reference(), amount: 55_000_000n } as const;
    expect(await record(rest)).toEqual({ recorded: true, status: "paid" });
    expect(await record(rest)).toEqual({ recorded: false, status: "paid" });
    current = await state(order.number);
    expect(current.paidAmount).toBe(order.amount);
    expect(current.events).toEqual(["payment.received", "payment.received", "order.paid"]);
  });

  it("flags an overpayment and still says paid", async () => {
    const order = await newOrder();
    await record({ orderNumber: order.number, kind: "payment", provider: "1c", reference: reference(), amount: order.amount });
    const second = await record({ orderNumber: order.number, kind: "payment", provider: "payme", reference: reference(), amount: order.amount });
    expect(second).toEqual({ recorded: true, status: "paid" });
    const view = await getOrderView(db, order.id);
    expect(view).toMatchObject({ status: "paid", overpaidAmount: order.amount.toString(), outstandingAmount: "0" });
    expect((await state(order.number)).events.filter((type) => type === "order.paid")).toHaveLength(1);
  });

  it("derives partially_refunded, then refunded, with one refund.recorded per refund and one order.refunded", async () => {
    const order = await newOrder();
    const paid = reference();
    await record({ orderNumber: order.number, kind: "payment", provider: "payme", reference: paid, amount: order.amount });
    const partial = { orderNumber: order.number, kind: "refund", provider: "payme", reference: reference(), refundOf: paid, amount: 5_000_000n } as const;
    expect(await record(partial)).toEqual({ recorded: true, status: "partially_refunded" });
    expect(await record(partial)).toEqual({ recorded: false, status: "partially_refunded" });
    let current = await state(order.number);
    expect(current.refundedAmount).toBe(5_000_000n);
    expect(current.events).toEqual(["payment.received", "order.paid", "refund.recorded"]);

    const rest = { orderNumber: order.number, kind: "refund", provider: "payme", reference: reference(), refundOf: paid, amount: 80_000_000n } as const;
    expect(await record(rest)).toEqual({ recorded: true, status: "refunded" });
    expect(await record(rest)).toEqual({ recorded: false, status: "refunded" });
    current = await state(order.number);
    expect(current.status).toBe("refunded");
    expect(current.refundedAmount).toBe(order.amount);
    expect(current.events).toEqual(["payment.received", "order.paid", "refund.recorded", "refund.recorded", "order.refunded"]);
  });

  it("pay twice, refund the excess: the order stays paid and the overpayment is gone", async () => {
    const order = await newOrder();
    const first = reference();
    const second = reference();
    await record({ orderNumber: order.number, kind: "payment", provider: "payme", reference: first, amount: order.amount });
    expect((await getOrderView(db, order.id))!.overpaidAmount).toBe("0");
    await record({ orderNumber: order.number, kind: "payment", provider: "click", reference: second, amount: order.amount });
    expect((await getOrderView(db, order.id))!.overpaidAmount).toBe(order.amount.toString());
    const refund = await record({ orderNumber: order.number, kind: "refund", provider: "click", reference: `${second}-r`, refundOf: second, amount: order.amount });
    expect(refund).toEqual({ recorded: true, status: "paid" });
    const view = await getOrderView(db, order.id);
    expect(view).toMatchObject({ status: "paid", overpaidAmount: "0", paidAmount: (order.amount * 2n).toString(), refundedAmount: order.amount.toString() });
    const current = await state(order.number);
    expect(current.status).toBe("paid");
    expect(current.events).toEqual(["payment.received", "order.paid", "payment.received", "refund.recorded"]);
  });

  it("two partial refunds of one payment are two entries, each naming the payment; more than paid − refunded is refused", async () => {
    const order = await newOrder();
    const paid = reference();
    await record({ orderNumber: order.number, kind: "payment", provider: "robokassa", reference: paid, amount: order.amount });
    const one = { orderNumber: order.number, kind: "refund", provider: "robokassa", reference: reference(), refundOf: paid, amount: 10_000_000n } as const;
    const two = { orderNumber: order.number, kind: "refund", provider: "robokassa", reference: reference(), refundOf: paid, amount: 20_000_000n } as const;
    expect(await record(one)).toEqual({ recorded: true, status: "partially_refunded" });
    expect(await record(two)).toEqual({ recorded: true, status: "partially_refunded" });
    expect(await record(two)).toEqual({ recorded: false, status: "partially_refunded" });
    const current = await state(order.number);
    expect(current.refundedAmount).toBe(30_000_000n);
    expect(current.ledger.filter((entry) => entry.kind === "refund").map((entry) => [entry.reference, entry.refundOf, entry.amount])).toEqual([
      [one.reference, paid, one.amount],
      [two.reference, paid, two.amount],
    ]);
    const tooMuch = await settleOrder(sql, order.number, (locked) =>
      locked.recordRefund({ provider: "robokassa", reference: reference(), refundOf: paid, amount: order.amount - 30_000_000n + 1n }),
    );
    expect(tooMuch).toEqual({ ok: false, reason: "exceeds_paid" });
    const unknown = await settleOrder(sql, order.number, (locked) =>
      locked.recordRefund({ provider: "robokassa", reference: reference(), refundOf: "no-such-payment", amount: 1n }),
    );
    expect(unknown).toEqual({ ok: false, reason: "unknown_payment" });
    expect((await state(order.number)).ledger).toHaveLength(3);
  });

  it("a fulfilled order's refund needs the merchant's approval of that payment (a reported refund is recorded)", async () => {
    const order = await newOrder();
    const paid = reference();
    await record({ orderNumber: order.number, kind: "payment", provider: "click", reference: paid, amount: order.amount });
    expect(await settleOrder(sql, order.number, async (locked) => locked.markFulfilled())).toEqual({ ok: true, changed: true });
    const refund = { provider: "click", reference: `${paid}-r`, refundOf: paid, amount: order.amount };
    expect(await settleOrder(sql, order.number, (locked) => locked.recordRefund(refund))).toEqual({ ok: false, reason: "not_approved" });
    const approved = await settleOrder(sql, order.number, (locked) => locked.approveRefund({ provider: "click", reference: paid }));
    expect(approved).toMatchObject({ ok: true, changed: true });
    expect(await settleOrder(sql, order.number, (locked) => locked.recordRefund(refund))).toEqual({ ok: true, recorded: true });

    const other = await newOrder();
    const otherPaid = reference();
    await record({ orderNumber: other.number, kind: "payment", provider: "click", reference: otherPaid, amount: other.amount });
    await settleOrder(sql, other.number, async (locked) => locked.markFulfilled());
    const reported = { provider: "click", reference: `${otherPaid}-r`, refundOf: otherPaid, amount: other.amount, requireApproval: false };
    expect(await settleOrder(sql, other.number, (locked) => locked.recordRefund(reported))).toEqual({ ok: true, recorded: true });
  });

  it("runs the reserving provider's injected lapse rule when the order is locked (and not for a hold)", async () => {
    const order = await newOrder();
    const attempt = reference();
    await settleOrder(sql, order.number, (locked) =>
      locked.reserve({ provider: "click", kind: "click_prepare", reference: attempt, expiresAt: BigInt(Date.now() + 600_000) }),
    );
    const seen: string[] = [];
    const lapseRules = {
      click: async (locked: LockedOrder) => {
        seen.push(locked.reservation!.reference);
        await locked.release("click", attempt);
      },
    };
    expect(await settleOrder(sql, order.number, async (locked) => locked.status, { lapseRules, lapse: false })).toBe("processing");
    expect(seen).toEqual([]);
    expect(await settleOrder(sql, order.number, async (locked) => locked.status, { lapseRules })).toBe("pending");
    expect(seen).toEqual([attempt]);
    expect((await db.order.findUniqueOrThrow({ where: { number: order.number } })).status).toBe("pending");
  });

  describe("cancel requested (a cancel while a reservation holds the order)", () => {
    async function reserved() {
      const order = await newOrder();
      const attempt = reference();
      await settleOrder(sql, order.number, (locked) =>
        locked.reserve({ provider: "click", kind: "click_prepare", reference: attempt, expiresAt: BigInt(Date.now() + 600_000) }),
      );
      const requested = await settleOrder(sql, order.number, async (locked) => {
        const result = locked.requestCancel("1c");
        return { result, payable: locked.checkPayable() };
      });
      expect(requested).toMatchObject({ result: { ok: true, state: "requested" }, payable: { ok: false, reason: "cancel_requested" } });
      const row = await db.order.findUniqueOrThrow({ where: { number: order.number } });
      expect(row).toMatchObject({ status: "processing", cancelledAt: null, cancelRequestedBy: "1c" });
      expect(row.cancelRequestedAt).not.toBeNull();
      return { order, attempt };
    }

    it("is cancelled when the reservation ends unpaid", async () => {
      const { order, attempt } = await reserved();
      await settleOrder(sql, order.number, (locked) => locked.release("click", attempt));
      const row = await db.order.findUniqueOrThrow({ where: { number: order.number } });
      expect(row).toMatchObject({ status: "cancelled", cancelledBy: "1c", cancelRequestedAt: null, cancelRefusedAt: null });
      expect((await state(order.number)).events).toEqual(["order.cancelled"]);
    });

    it("is cancelled when the reservation lapses by time", async () => {
      const { order } = await reserved();
      await db.reservation.update({ where: { orderNumber: order.number }, data: { expiresAt: BigInt(Date.now() - 1) } });
      const payable = await settleOrder(sql, order.number, async (locked) => locked.checkPayable());
      expect(payable).toMatchObject({ ok: false, reason: "cancel_requested" });
      expect((await db.order.findUniqueOrThrow({ where: { number: order.number } })).status).toBe("cancelled");
    });

    it("is refused (and the refusal recorded) when the reservation ends paid", async () => {
      const { order, attempt } = await reserved();
      await settleOrder(sql, order.number, async (locked) => {
        await locked.release("click", attempt);
        await locked.recordPayment({ provider: "click", reference: attempt, amount: order.amount });
      });
      const row = await db.order.findUniqueOrThrow({ where: { number: order.number } });
      expect(row).toMatchObject({ status: "paid", cancelledAt: null, cancelRequestedAt: null });
      expect(row.cancelRefusedAt).not.toBeNull();
      expect((await state(order.number)).events).toEqual(["payment.received", "order.paid"]);
    });

    it("cancels at once when nothing reserves the order; refuses when money is kept", async () => {
      const order = await newOrder();
      expect(await settleOrder(sql, order.number, async (locked) => locked.requestCancel("1c"))).toEqual({ ok: true, state: "cancelled" });
      const paid = await newOrder();
      await record({ orderNumber: paid.number, kind: "payment", provider: "1c", reference: reference(), amount: 1_000n });
      expect(await settleOrder(sql, paid.number, async (locked) => locked.requestCancel("1c"))).toEqual({ ok: false, reason: "paid", paidNet: 1_000n });
    });
  });

  it("refuses an entry without a positive amount and writes nothing", async () => {
    const order = await newOrder();
    for (const amount of [0n, -100n]) {
      await expect(
        record({ orderNumber: order.number, kind: "payment", provider: "payme", reference: reference(), amount }),
      ).rejects.toThrow(RangeError);
    }
    const current = await state(order.number);
    expect(current).toMatchObject({ status: "pending", paidAmount: 0n, ledger: [], events: [] });
  });

  it("does not lock an order that does not exist", async () => {
    expect(await settle(sql, (session) => session.lock(999_999))).toBeUndefined();
  });

  it("derives processing / authorized from a reservation and cancelled from a cancellation, each event once", async () => {
    const order = await newOrder();
    await settleOrder(sql, order.number, (locked) =>
      locked.reserve({ provider: "click", kind: "click_prepare", reference: reference(), expiresAt: BigInt(Date.now() + 600_000) }),
    );
    const refresh = () => settleOrder(sql, order.number, async (locked) => locked.status);
    expect(await refresh()).toBe("processing");
    await db.reservation.update({ where: { orderNumber: order.number }, data: { held: true } });
    expect(await refresh()).toBe("authorized");
    await db.reservation.update({ where: { orderNumber: order.number }, data: { held: false, expiresAt: BigInt(Date.now() - 1) } });
    expect(await refresh()).toBe("pending");
    // The lapsed reservation was dropped by the lock that found it lapsed.
    await db.reservation.deleteMany({ where: { orderNumber: order.number } });
    await db.order.update({ where: { number: order.number }, data: { cancelledAt: new Date(), cancelledBy: "admin" } });
    expect(await refresh()).toBe("cancelled");
    expect(await refresh()).toBe("cancelled");
    const current = await state(order.number);
    expect(current.status).toBe("cancelled");
    expect(current.events).toEqual(["order.cancelled"]);
  });

  // PostgreSQL once read the reservation joined to a `FOR UPDATE` that had waited: as of the
  // snapshot before the wait, i.e. without what the previous holder committed.
  for (const via of ["lock", "lockFor"] as const) {
    it(`a ${via} that waits for another settlement reads the reservation and money it committed`, async () => {
      const order = await newOrder();
      const holderReference = reference();
      let opened!: () => void;
      const firstHoldsLock = new Promise<void>((resolve) => (opened = resolve));
      let finish!: () => void;
      const gate = new Promise<void>((resolve) => (finish = resolve));
      const first = settleOrder(sql, order.number, async (locked) => {
        await locked.reserve({ provider: "click", kind: "click_prepare", reference: holderReference, expiresAt: BigInt(Date.now() + 600_000) });
        await locked.recordPayment({ provider: "click", reference: reference(), amount: 1_000n });
        opened();
        await gate;
      });
      await firstHoldsLock;
      const second = settle(sql, async (session) => {
        const locked =
          via === "lock"
            ? await session.lock(order.number)
            : (await session.lockFor<{ orderNumber: number; sku: string }>(`SELECT "orderNumber", "sku" FROM "OrderItem" WHERE "orderNumber" = ?`, [order.number]))
                ?.order;
        return { check: locked!.checkPayable(), paid: locked!.paidAmount };
      });
      // The second settlement is waiting for the lock (PostgreSQL) or queued (SQLite) meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 300));
      finish();
      await first;
      const { check, paid } = await second;
      expect(paid).toBe(1_000n);
      expect(check).toMatchObject({ ok: false, reason: "reserved", holder: { provider: "click", reference: holderReference } });
    });
  }

  // Each callback: settleOrder(sql, n, order => order.recordPayment(…)).
  it(`${raceProof(kind)}: records one entry when the same payment arrives in 10 transactions at once`, async () => {
    const order = await newOrder();
    const entry = { orderNumber: order.number, kind: "payment", provider: "payme", reference: reference(), amount: order.amount } as const;
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => record(entry)));
    const rejected = results.filter((result) => result.status === "rejected");
    // A unique-constraint error here would mean the core's lock does not serialize the callbacks.
    expect(rejected.map((result) => String((result as PromiseRejectedResult).reason))).toEqual([]);
    const values = results.map((result) => (result as PromiseFulfilledResult<{ recorded: boolean; status: string }>).value);
    expect(values.filter((value) => value.recorded)).toHaveLength(1);
    expect(values.every((value) => value.status === "paid")).toBe(true);
    const current = await state(order.number);
    expect(current.ledger).toHaveLength(1);
    expect(current.paidAmount).toBe(order.amount);
    expect(current.events).toEqual(["payment.received", "order.paid"]);
  });

  it(`${raceProof(kind)}: adds up 4 different partial payments arriving at once and emits order.paid once`, async () => {
    const order = await newOrder();
    const quarter = order.amount / 4n;
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        record({ orderNumber: order.number, kind: "payment", provider: "click", reference: reference(), amount: quarter }),
      ),
    );
    expect(results.every((result) => result.recorded)).toBe(true);
    expect(results.map((result) => result.status).sort()).toEqual(["paid", "partially_paid", "partially_paid", "partially_paid"]);
    const current = await state(order.number);
    expect(current.paidAmount).toBe(order.amount);
    expect(current.status).toBe("paid");
    expect(current.events.filter((type) => type === "payment.received")).toHaveLength(4);
    expect(current.events.filter((type) => type === "order.paid")).toHaveLength(1);
  });
});
