// The order change sequence that 1C's export reads (lib/orders/change-sequence.ts,
// lib/exchange-1c/export-orders.ts) against a real database: a change that commits after a
// query still goes out in a later one, a confirmed change never goes out again, and orders that
// share a value are never split between two batches.
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

    // The first payment's transaction stays open (its order locked) while, on PostgreSQL,
    // another payment commits and 1C queries.
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

  it(`${raceProof(kind)}: a value taken but not yet committed when 1C queries goes out, once`, async () => {
    const order = await newOrder();
    const start = await drain(-1n);
    let open!: () => void;
    let finish!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const finished = new Promise<void>((resolve) => (finish = resolve));
    // The order's value taken (the statement the core sends with its COMMIT), the commit not yet.
    const writing = writerA.transaction(async (tx) => {
      await tx.run(`UPDATE "Order" SET "exportSeq" = ${exportSeqExpression(kind)} WHERE "number" = ?`, [order]);
      open();
      await finished;
    });
    await opened;
    const query = ordersSince(sql, start.mark);
    if (kind === "postgresql") {
      // The export's horizon waits for the writer (its advisory lock): wait for that state.
      const waiting = async () =>
        (await writerB.get<{ n: number }>(
          `SELECT COUNT(*) AS "n" FROM pg_locks WHERE "locktype" = 'advisory' AND NOT "granted" AND "database" = (SELECT "oid" FROM pg_database WHERE "datname" = current_database())`,
          [],
          { n: "number" },
        ))!.n;
      for (let polls = 0; (await waiting()) === 0; polls++) {
        expect(polls).toBeLessThan(2_000);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    } else {
      // SQLite readers do not wait for the writer: the query answers before the commit.
      await query;
    }
    finish();
    await writing;
    const during = await query;
    const after = await drain(during.upTo);
    const sent = [...during.orders.map((row) => row.number), ...after.batches.flat()];
    expect(sent.filter((number) => number === order)).toHaveLength(1);
  });

  it("orders that share a value stay in one batch past the limit; every order goes out once and the export ends", async () => {
    const before = await drain(-1n);
    const count = QUERY_BATCH + 100;
    const numbers: number[] = [];
    // The first order takes the next value, the others the same one (as a migration or a hand
    // fix could leave them).
    await writerA.transaction(async (tx) => {
      let shared: bigint | undefined;
      for (let index = 0; index < count; index++) {
        const row = await tx.get<{ number: number; exportSeq: bigint }>(
          `INSERT INTO "Order" ("id", "amount", "updatedAt", "exportSeq") VALUES (?, ?, ?, ${shared === undefined ? exportSeqExpression(kind) : "?"}) RETURNING "number", "exportSeq"`,
          [`bulk-${kind}-${index}`, 100n, new Date(), ...(shared === undefined ? [] : [shared])],
          { number: "number", exportSeq: "bigint" },
        );
        shared ??= BigInt(row!.exportSeq);
        numbers.push(Number(row!.number));
      }
    });
    const { batches } = await drain(before.mark);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.sort((a, b) => a - b)).toEqual(numbers);
  });
});
