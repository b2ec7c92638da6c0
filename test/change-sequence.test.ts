// The order change sequence that 1C's export reads (lib/orders/change-sequence.ts,
// lib/exchange-1c/export-orders.ts) against a real database: a change that commits after a
// query still goes out in a later one, a confirmed change never goes out again, and one
// transaction's changes are never split between two batches.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { applyPendingMigrations, withDatabaseLock } from "@/lib/db/migrate";
import { createSql, type SqlDatabase } from "@/lib/db/sql";
import { ordersSince, QUERY_BATCH } from "@/lib/exchange-1c/export-orders";
import { exportSeqExpression } from "@/lib/orders/change-sequence";
import { createOrder, parseCreateOrderRequest } from "@/lib/orders/create-order";
import { settleOrder } from "@/lib/orders/settlement";
import { seedDemoCatalog } from "@/lib/orders/seed-demo-catalog";
import { freshDatabase, raceProof, testDatabaseKind, type FreshDatabase } from "./helpers/database";

const kind = testDatabaseKind();

describe(`1C change sequence on ${kind}`, () => {
  let database: FreshDatabase;
  let db: Db;
  /** The export's reader, and two writers (two connections). */
  let sql: SqlDatabase;
  let writerA: SqlDatabase;
  let writerB: SqlDatabase;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    await withDatabaseLock(database.url, () => applyPendingMigrations(database.url));
    db = createDb(database.url);
    sql = createSql(database.url);
    writerA = createSql(database.url);
    writerB = createSql(database.url);
    await seedDemoCatalog(db);
  });

  afterAll(async () => {
    await Promise.all([sql?.close(), writerA?.close(), writerB?.close()]);
    await db?.$disconnect();
    await database?.drop();
  });

  async function newOrder(): Promise<number> {
    const order = await createOrder(db, parseCreateOrderRequest({ items: [{ sku: "KAZAN-8L", quantity: 1 }] }), {
      getRate: () => Promise.reject(new Error("no foreign currency in this order")),
    });
    return order.number;
  }

  /** Queries until nothing is left, each batch confirmed (1C's `success`): the batches' order numbers and the final mark. */
  async function drain(mark: bigint): Promise<{ batches: number[][]; mark: bigint }> {
    const batches: number[][] = [];
    for (;;) {
      const { orders, upTo } = await ordersSince(sql, mark);
      expect(upTo).toBeGreaterThanOrEqual(mark);
      mark = upTo;
      if (orders.length === 0) return { batches, mark };
      batches.push(orders.map((order) => order.number));
      expect(batches.length).toBeLessThan(10);
    }
  }

  const pay = (sqlDb: SqlDatabase, orderNumber: number, reference: string, during?: () => Promise<void>) =>
    settleOrder(sqlDb, orderNumber, async (order) => {
      await order.recordPayment({ provider: "click", reference, amount: 1_000_000n });
      await during?.();
    });

  it(`${raceProof(kind)}: a change that commits after a query goes out in the next one, with its final state; a confirmed change never again`, async () => {
    const first = await newOrder();
    const second = await newOrder();
    const created = await drain(-1n);
    expect(created.batches.flat()).toEqual(expect.arrayContaining([first, second]));

    // The first payment's transaction stays open (its order locked, on PostgreSQL with its
    // transaction id taken) while, on PostgreSQL, another payment commits and 1C queries.
    let open!: () => void;
    let finish!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const slow = pay(writerA, first, `slow-${kind}`, async () => {
      open();
      await finished;
    });
    await opened;
    // SQLite has one writer at a time: the other payment waits for the first one's commit.
    if (kind === "postgresql") await pay(writerB, second, `fast-${kind}`);
    const during = await ordersSince(sql, created.mark);
    finish();
    await slow;
    if (kind === "sqlite") await pay(writerB, second, `fast-${kind}`);

    expect(during.orders.map((order) => order.number)).not.toContain(first);
    const after = await drain(during.upTo);
    const sent = [...during.orders.map((order) => order.number), ...after.batches.flat()];
    expect(sent.filter((number) => number === first)).toHaveLength(1);
    expect(sent.filter((number) => number === second)).toHaveLength(1);
    const last = await ordersSince(sql, during.upTo);
    expect(last.orders.find((order) => order.number === first)?.paidAmount).toBe(1_000_000n);
    // Confirmed: nothing goes out again until something changes.
    expect((await ordersSince(sql, after.mark)).orders).toEqual([]);
    await pay(writerB, first, `again-${kind}`);
    expect((await drain(after.mark)).batches).toEqual([[first]]);
  });

  it("one transaction's changes stay in one batch (ties on PostgreSQL); every order goes out once and the export ends", async () => {
    const before = await drain(-1n);
    const count = QUERY_BATCH + 100;
    const numbers: number[] = [];
    await writerA.transaction(async (tx) => {
      for (let index = 0; index < count; index++) {
        const row = await tx.get<{ number: number }>(
          `INSERT INTO "Order" ("id", "amount", "updatedAt", "exportSeq") VALUES (?, ?, ?, ${exportSeqExpression(kind)}) RETURNING "number"`,
          [`bulk-${kind}-${index}`, 100n, new Date()],
          { number: "number" },
        );
        numbers.push(Number(row!.number));
      }
    });
    const { batches } = await drain(before.mark);
    const sent = batches.flat();
    expect(new Set(sent).size).toBe(sent.length);
    expect([...sent].sort((a, b) => a - b)).toEqual(numbers);
    // PostgreSQL: one transaction's id on every row, so one batch past the limit; SQLite: a value per row.
    expect(batches.map((batch) => batch.length)).toEqual(kind === "postgresql" ? [count] : [QUERY_BATCH, 100]);
  });
});
