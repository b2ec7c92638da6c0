// "Refund by hand" (DESIGN.md "Refunds started elsewhere") on a real database, SQLite and
// PostgreSQL, through the settlement core: a payment its provider refused or cannot refund is
// flagged (time and reason persisted), the admin's order page shows it, and the admin records
// the refund as a ledger refund of that payment — never above paid − refunded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { applyPendingMigrations, withDatabaseLock } from "@/lib/db/migrate";
import { createSql, type SqlDatabase } from "@/lib/db/sql";
import { flagRefundByHand, recordRefundByHand } from "@/lib/admin/orders/order-actions";
import { getAdminOrder } from "@/lib/admin/orders/order-detail";
import { ledgerRecordsByReference } from "@/lib/admin/reconciliation/ledger-side";
import { createOrder, parseCreateOrderRequest } from "@/lib/orders/create-order";
import { settleOrder } from "@/lib/orders/settlement";
import { seedDemoCatalog } from "@/lib/orders/seed-demo-catalog";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";

const kind = testDatabaseKind();

describe(`refund by hand on ${kind}`, () => {
  let database: FreshDatabase;
  let db: Db;
  let sql: SqlDatabase;
  let references = 0;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    await withDatabaseLock(database.url, () => applyPendingMigrations(database.url));
    db = createDb(database.url);
    sql = createSql(database.url);
    await seedDemoCatalog(db);
  });

  afterAll(async () => {
    await sql?.close();
    await db?.$disconnect();
    await database?.drop();
  });

  /** An order of one KAZAN-8L (850 000 so'm) paid in full through Click, as its Complete records it. */
  async function paidOrder(provider = "click") {
    const order = await createOrder(db, parseCreateOrderRequest({ items: [{ sku: "KAZAN-8L", quantity: 1 }] }), {
      getRate: () => Promise.reject(new Error("no foreign currency in this order")),
    });
    references += 1;
    const reference = `${kind}-${references}-${Date.now()}`;
    await settleOrder(sql, order.number, (locked) => locked.recordPayment({ provider, reference, amount: order.amount }));
    const ledger = await db.ledgerEntry.findFirstOrThrow({ where: { orderNumber: order.number, kind: "payment" } });
    return { number: order.number, amount: order.amount, reference, ledgerId: ledger.id };
  }

  it("flags a payment once, keeping the first time and reason, and shows it on the admin order page", async () => {
    const paid = await paidOrder();
    const at = new Date("2026-11-02T10:00:00Z");
    const first = await flagRefundByHand(sql, paid.number, { provider: "click", reference: paid.reference }, "click_past_month", at);
    expect(first).toMatchObject({ ok: true, changed: true, payment: { ledgerId: paid.ledgerId, amount: paid.amount, refunded: 0n } });
    const again = await flagRefundByHand(sql, paid.number, { ledgerId: paid.ledgerId }, "click_refused:-5017", new Date());
    expect(again).toMatchObject({ ok: true, changed: false, payment: { refundByHand: { at, reason: "click_past_month" } } });

    const row = await db.ledgerEntry.findUniqueOrThrow({ where: { id: paid.ledgerId } });
    expect(row.refundByHandAt?.toISOString()).toBe(at.toISOString());
    expect(row.refundByHandReason).toBe("click_past_month");
    const page = await getAdminOrder(db, paid.number);
    expect(page!.ledger[0]).toMatchObject({ refundByHand: { at, reason: "click_past_month" }, refunded: false, refundedSum: 0n, refundCount: 0 });
    // The order itself is unchanged: still paid, nothing refunded.
    expect(page!.status).toBe("paid");
  });

  it("refuses to flag what is no payment of the order", async () => {
    const paid = await paidOrder();
    const other = await paidOrder();
    expect(await flagRefundByHand(sql, paid.number, { ledgerId: other.ledgerId }, "click_refused")).toEqual({ ok: false, reason: "not_a_payment" });
    expect(await flagRefundByHand(sql, paid.number, { provider: "click", reference: "nope" }, "click_refused")).toEqual({ ok: false, reason: "not_a_payment" });
    expect(await flagRefundByHand(sql, 999_999_999, { ledgerId: paid.ledgerId }, "click_refused")).toEqual({ ok: false, reason: "not_found" });
  });

  it("records the refund by hand through the core: ledger refund of the payment, events, status; a repeat records nothing", async () => {
    const paid = await paidOrder();
    expect(await recordRefundByHand(sql, { orderNumber: paid.number, ledgerId: paid.ledgerId, amount: paid.amount, seenRefunds: 0 })).toEqual({
      ok: false,
      reason: "not_flagged",
    });
    await flagRefundByHand(sql, paid.number, { ledgerId: paid.ledgerId }, "click_refused:-5017");

    const part = 25_000_000n;
    const first = await recordRefundByHand(sql, { orderNumber: paid.number, ledgerId: paid.ledgerId, amount: part, seenRefunds: 0 });
    expect(first).toMatchObject({ ok: true, changed: true, payment: { refunded: part } });
    // The same form submitted twice (same refunds seen) is one refund.
    expect(await recordRefundByHand(sql, { orderNumber: paid.number, ledgerId: paid.ledgerId, amount: part, seenRefunds: 0 })).toMatchObject({
      ok: true,
      changed: false,
    });
    let order = await db.order.findUniqueOrThrow({ where: { number: paid.number } });
    expect(order).toMatchObject({ status: "partially_refunded", refundedAmount: part });

    const rest = paid.amount - part;
    expect(await recordRefundByHand(sql, { orderNumber: paid.number, ledgerId: paid.ledgerId, amount: rest + 1n, seenRefunds: 1 })).toEqual({
      ok: false,
      reason: "exceeds_paid",
    });
    expect(await recordRefundByHand(sql, { orderNumber: paid.number, ledgerId: paid.ledgerId, amount: rest, seenRefunds: 1 })).toMatchObject({
      ok: true,
      changed: true,
    });
    order = await db.order.findUniqueOrThrow({ where: { number: paid.number } });
    expect(order).toMatchObject({ status: "refunded", paidAmount: paid.amount, refundedAmount: paid.amount });
    // Nothing is left: any further refund is refused.
    expect(await recordRefundByHand(sql, { orderNumber: paid.number, ledgerId: paid.ledgerId, amount: 1n, seenRefunds: 2 })).toEqual({
      ok: false,
      reason: "exceeds_paid",
    });

    const ledger = await db.ledgerEntry.findMany({ where: { orderNumber: paid.number }, orderBy: { id: "asc" } });
    expect(ledger.map((entry) => [entry.kind, entry.provider, entry.reference, entry.refundOf, entry.amount])).toEqual([
      ["payment", "click", paid.reference, null, paid.amount],
      ["refund", "click", `hand:${paid.ledgerId}:0`, paid.reference, part],
      ["refund", "click", `hand:${paid.ledgerId}:1`, paid.reference, rest],
    ]);
    // The ledger balances: paid − refunded = 0, and the order's sums are the ledger's.
    expect(ledger.reduce((sum, entry) => sum + (entry.kind === "payment" ? entry.amount : -entry.amount), 0n)).toBe(0n);
    const events = await db.outboxEvent.findMany({ where: { orderNumber: paid.number }, orderBy: { id: "asc" } });
    expect(events.map((event) => event.type)).toEqual(["payment.received", "order.paid", "refund.recorded", "refund.recorded", "order.refunded"]);
    expect(JSON.parse(events[2]!.payload)).toMatchObject({ provider: "click", reference: `hand:${paid.ledgerId}:0`, refundOf: paid.reference, amount: part.toString() });

    const page = await getAdminOrder(db, paid.number);
    expect(page!.ledger[0]).toMatchObject({ refunded: true, refundedSum: paid.amount, refundCount: 2 });
    expect(page!.status).toBe("refunded");
    // Reconciliation folds the refunds by hand into their payment.
    const records = await ledgerRecordsByReference(sql, "click", [paid.reference]);
    expect(records.get(paid.reference)).toMatchObject({ paid: paid.amount, refunded: paid.amount });
  });

  it("refuses a refund by hand above what the order holds (paid − refunded), across its payments", async () => {
    const paid = await paidOrder();
    // A second payment of the same order (overpaid) and a refund of it through its provider.
    await settleOrder(sql, paid.number, async (order) => {
      await order.recordPayment({ provider: "1c", reference: `doc-${paid.reference}`, amount: 10_000_000n });
      return order.recordRefund({ provider: "1c", reference: `doc-${paid.reference}`, refundOf: `doc-${paid.reference}`, amount: 10_000_000n, requireApproval: false });
    });
    await flagRefundByHand(sql, paid.number, { ledgerId: paid.ledgerId }, "click_past_month");
    expect(await recordRefundByHand(sql, { orderNumber: paid.number, ledgerId: paid.ledgerId, amount: paid.amount + 10_000_000n, seenRefunds: 0 })).toEqual({
      ok: false,
      reason: "exceeds_paid",
    });
    expect(await recordRefundByHand(sql, { orderNumber: paid.number, ledgerId: paid.ledgerId, amount: 0n, seenRefunds: 0 })).toEqual({
      ok: false,
      reason: "exceeds_paid",
    });
    expect(await recordRefundByHand(sql, { orderNumber: paid.number, ledgerId: paid.ledgerId, amount: paid.amount, seenRefunds: 0 })).toMatchObject({ ok: true, changed: true });
    const order = await db.order.findUniqueOrThrow({ where: { number: paid.number } });
    expect(order.refundedAmount).toBe(order.paidAmount);
    expect(order.status).toBe("refunded");
  });

  it("concurrent submits of one refund by hand record it once", async () => {
    const paid = await paidOrder();
    await flagRefundByHand(sql, paid.number, { ledgerId: paid.ledgerId }, "click_refused");
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () => recordRefundByHand(sql, { orderNumber: paid.number, ledgerId: paid.ledgerId, amount: paid.amount, seenRefunds: 0 })),
    );
    expect(outcomes.filter((outcome) => outcome.ok && outcome.changed)).toHaveLength(1);
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(await db.ledgerEntry.count({ where: { orderNumber: paid.number, kind: "refund" } })).toBe(1);
  });
});
