// lib/db/sql.ts decodes rows per query to the same JS types on SQLite and on PostgreSQL: table
// columns by their declared type, expressions (COUNT, SUM, MAX, CASE…) by the query's
// RowDecoder, and an expression without one is refused. Runs in both integration projects.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPendingMigrations, withDatabaseLock } from "@/lib/db/migrate";
import { createSql, type RowDecoder, type SqlDatabase } from "@/lib/db/sql";
import { listAudit, recordAudit } from "@/lib/admin/audit";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";

const kind = testDatabaseKind();

const insertProduct = `INSERT INTO "Product" ("sku", "titleRu", "titleUz", "titleEn", "price", "code", "packageCode", "position", "active", "updatedAt")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Above 2^53: a number would lose it. */
const BIG = 9_007_199_254_740_993n;
const UPDATED = new Date("2026-11-21T10:00:00.123Z");

describe(`SQL row decoding on ${kind}`, () => {
  let database: FreshDatabase;
  let sql: SqlDatabase;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    await withDatabaseLock(database.url, () => applyPendingMigrations(database.url));
    sql = createSql(database.url);
    const row = (sku: string, price: bigint, position: number, active: boolean) =>
      [sku, "Товар", "Tovar", "Goods", price, "00000000000000000", "1", position, active, UPDATED] as const;
    await sql.run(insertProduct, [...row("DEC-1", BIG, 3, true)]);
    await sql.run(insertProduct, [...row("DEC-2", 7n, 4, false)]);
  });

  afterAll(async () => {
    await sql?.close();
    await database?.drop();
  });

  describe("table columns, by declared type", () => {
    it("BIGINT → bigint, INTEGER → number, BOOLEAN → boolean, DATETIME → Date, TEXT → string", async () => {
      const row = await sql.get<Record<string, unknown>>(
        `SELECT "sku", "price", "position", "active", "updatedAt", "units" FROM "Product" WHERE "sku" = ?`,
        ["DEC-1"],
      );
      expect(row).toEqual({ sku: "DEC-1", price: BIG, position: 3, active: true, updatedAt: UPDATED, units: null });
      expect(row!.updatedAt).toBeInstanceOf(Date);
      const other = await sql.get<{ active: boolean; price: bigint }>(`SELECT "active", "price" FROM "Product" WHERE "sku" = ?`, ["DEC-2"]);
      expect(other).toEqual({ active: false, price: 7n });
    });

    it("a database default timestamp (CURRENT_TIMESTAMP) comes back as a Date of now, in UTC", async () => {
      const row = await sql.get<{ createdAt: Date }>(`SELECT "createdAt" FROM "Product" WHERE "sku" = ?`, ["DEC-1"]);
      expect(row!.createdAt).toBeInstanceOf(Date);
      expect(Math.abs(row!.createdAt.getTime() - Date.now())).toBeLessThan(10 * 60_000);
    });

    it("aliased and RETURNING columns keep their table column's type", async () => {
      const aliased = await sql.get<{ money: bigint; place: number }>(
        `SELECT p."price" AS "money", p."position" AS "place" FROM "Product" p WHERE p."sku" = ?`,
        ["DEC-1"],
      );
      expect(aliased).toEqual({ money: BIG, place: 3 });
      const returned = await sql.get<{ price: bigint; active: boolean; updatedAt: Date }>(
        `UPDATE "Product" SET "position" = "position" WHERE "sku" = ? RETURNING "price", "active", "updatedAt"`,
        ["DEC-2"],
      );
      expect(returned).toEqual({ price: 7n, active: false, updatedAt: UPDATED });
    });

    it("a decoder may override a table column's type", async () => {
      const row = await sql.get<{ price: string }>(`SELECT "price" FROM "Product" WHERE "sku" = ?`, ["DEC-1"], { price: "string" });
      expect(row).toEqual({ price: BIG.toString() });
    });
  });

  describe("expressions, by the query's decoder", () => {
    const decode: RowDecoder = { total: "bigint", count: "number", latest: "date", anyActive: "boolean", label: "string", smallest: "bigint" };
    const aggregate = `SELECT SUM("price") AS "total", COUNT(*) AS "count", MAX("updatedAt") AS "latest",
        MAX(CASE WHEN "active" THEN 1 ELSE 0 END) = 1 AS "anyActive", MIN("sku") AS "label", MIN("price") AS "smallest"
      FROM "Product" WHERE "sku" LIKE 'DEC-%'`;

    it("SUM → bigint (exact above 2^53), COUNT → number, MAX(DATETIME) → Date, a comparison → boolean, text → string", async () => {
      const row = await sql.get<Record<string, unknown>>(aggregate, [], decode);
      expect(row).toEqual({ total: BIG + 7n, count: 2, latest: UPDATED, anyActive: true, label: "DEC-1", smallest: 7n });
    });

    it("an aggregate over no rows is null (COUNT is 0)", async () => {
      const row = await sql.get<Record<string, unknown>>(
        `SELECT SUM("price") AS "total", COUNT(*) AS "count", MAX("updatedAt") AS "latest" FROM "Product" WHERE "sku" = ?`,
        ["NONE"],
        { total: "bigint", count: "number", latest: "date" },
      );
      expect(row).toEqual({ total: null, count: 0, latest: null });
    });

    it("all() decodes every row", async () => {
      const rows = await sql.all<{ sku: string; doubled: bigint; flag: boolean }>(
        `SELECT "sku", "price" * 2 AS "doubled", CASE WHEN "active" THEN 1 ELSE 0 END AS "flag" FROM "Product" WHERE "sku" LIKE 'DEC-%' ORDER BY "sku"`,
        [],
        { doubled: "bigint", flag: "boolean" },
      );
      expect(rows).toEqual([
        { sku: "DEC-1", doubled: BIG * 2n, flag: true },
        { sku: "DEC-2", doubled: 14n, flag: false },
      ]);
    });

    it("refuses an expression column without a decoder, naming it (in a transaction too)", async () => {
      await expect(sql.get(`SELECT COUNT(*) AS "n" FROM "Product"`)).rejects.toThrow(/"n" has no declared type/);
      await expect(sql.all(`SELECT 1 AS "one" FROM "Product"`)).rejects.toThrow(/"one" has no declared type/);
      await expect(sql.transaction((tx) => tx.get(`SELECT SUM("price") AS "total" FROM "Product"`))).rejects.toThrow(/"total"/);
      // The same text with its decoder afterwards is fine.
      expect(await sql.get(`SELECT COUNT(*) AS "n" FROM "Product"`, [], { n: "number" })).toEqual({ n: expect.any(Number) });
    });
  });

  describe("a transaction's first statement and its deferred writes (PostgreSQL: in BEGIN's and COMMIT's round trips, as escaped literals)", () => {
    const hostile = `it's a \\'; DROP TABLE "Product"; -- ? \u0442\u043e\u0432\u0430\u0440`;
    const row = (sku: string) => [sku, hostile, "Tovar", "Goods", BIG, "00000000000000000", "1", 5, true, UPDATED] as const;

    it("writes every value exactly (quotes, backslashes, a question mark, bigint, boolean, date) and reads them back typed", async () => {
      const first = await sql.transaction(async (tx) => {
        // The first statement carries BEGIN on PostgreSQL: its values are literals too.
        const before = await tx.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Product" WHERE "titleRu" = ? AND "price" = ?`, [hostile, BIG], { n: "number" });
        tx.defer(insertProduct, [...row("DEF-1")]);
        tx.defer(`UPDATE "Product" SET "position" = ? WHERE "sku" = ?`, [6, "DEF-1"]);
        return before!.n;
      });
      expect(first).toBe(0);
      const back = await sql.get<Record<string, unknown>>(`SELECT "titleRu", "price", "position", "active", "updatedAt" FROM "Product" WHERE "sku" = ?`, ["DEF-1"]);
      expect(back).toEqual({ titleRu: hostile, price: BIG, position: 6, active: true, updatedAt: UPDATED });
      expect((await sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Product"`, [], { n: "number" }))!.n).toBeGreaterThan(2);
    });

    it("a deferred write that fails rolls the whole transaction back, and the caller gets the error", async () => {
      await expect(
        sql.transaction(async (tx) => {
          await tx.run(insertProduct, [...row("DEF-2")]);
          tx.defer(insertProduct, [...row("DEF-1")]); // DEF-1 exists: a unique violation at COMMIT time (SQLite: at once)
        }),
      ).rejects.toThrow();
      expect(await sql.get(`SELECT "sku" FROM "Product" WHERE "sku" = ?`, ["DEF-2"])).toBeUndefined();
      // The connection is usable afterwards.
      expect(await sql.transaction((tx) => tx.get<{ sku: string }>(`SELECT "sku" FROM "Product" WHERE "sku" = ?`, ["DEF-1"]))).toEqual({ sku: "DEF-1" });
    });
  });

  it("the tree's aggregate queries answer the same types: the audit log's COUNT", async () => {
    await recordAudit(sql, { action: "payme.sandbox_check", outcome: "ok", ip: "127.0.0.1" });
    await recordAudit(sql, { action: "payme.sandbox_check", outcome: "ok", ip: "127.0.0.1" });
    const { total, entries } = await listAudit(sql, { action: "payme.sandbox_check" });
    expect(total).toBe(2);
    expect(entries[0]!.at).toBeInstanceOf(Date);
    expect(typeof entries[0]!.id).toBe("number");
  });
});
