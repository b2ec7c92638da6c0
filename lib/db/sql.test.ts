// The driver-level SQL layer on SQLite (PostgreSQL runs through it in test/ledger.test.ts and
// test/sql-decoding.test.ts, which checks the same decoding on both databases).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDb, type Db } from "./client";
import { applyPendingMigrations, withDatabaseLock } from "./migrate";
import { createSql, isUniqueViolation, type SqlDatabase } from "./sql";

const dir = mkdtempSync(join(tmpdir(), "tolov-sql-test-"));
const url = `file:${join(dir, "tolov.db")}`;
let sql: SqlDatabase;
let db: Db;

beforeAll(async () => {
  await withDatabaseLock(url, () => applyPendingMigrations(url));
  sql = createSql(url);
  db = createDb(url);
}, 60_000);

afterAll(async () => {
  await sql?.close();
  await db?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const insertProduct = `INSERT INTO "Product" ("sku", "titleRu", "titleUz", "titleEn", "price", "code", "packageCode", "position", "updatedAt")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

function productRow(sku: string, price: bigint) {
  return [sku, "Товар", "Tovar", "Goods", price, "00000000000000000", "1", 3, new Date("2026-11-21T10:00:00.000Z")];
}

describe("createSql on SQLite", () => {
  it("reads money columns as bigint and other integers as numbers", async () => {
    await sql.run(insertProduct, productRow("SQL-1", 9_007_199_254_740_993n));
    const row = await sql.get<{ price: bigint; position: number; sku: string }>(
      `SELECT "sku", "price", "position" FROM "Product" WHERE "sku" = ?`,
      ["SQL-1"],
    );
    expect(row).toEqual({ sku: "SQL-1", price: 9_007_199_254_740_993n, position: 3 });
    expect(await sql.get(`SELECT "sku" FROM "Product" WHERE "sku" = ?`, ["NONE"])).toBeUndefined();
  });

  it("decodes each column by its declared type: BOOLEAN → boolean, DATETIME → Date (Prisma's text and CURRENT_TIMESTAMP's)", async () => {
    await sql.run(insertProduct, productRow("SQL-TYPES", 5n));
    const row = await sql.get<{ active: boolean; updatedAt: Date; createdAt: Date; units: number | null }>(
      `SELECT "active", "updatedAt", "createdAt", "units" FROM "Product" WHERE "sku" = ?`,
      ["SQL-TYPES"],
    );
    expect(row).toEqual({ active: true, updatedAt: new Date("2026-11-21T10:00:00.000Z"), createdAt: expect.any(Date), units: null });
    // CURRENT_TIMESTAMP writes "YYYY-MM-DD HH:MM:SS" without an offset: UTC, not local time.
    expect(Math.abs(row!.createdAt.getTime() - Date.now())).toBeLessThan(10 * 60_000);
  });

  it("decodes expressions by the query's decoder and refuses one without", async () => {
    const decode = { total: "bigint", count: "number", latest: "date", flag: "boolean" } as const;
    const row = await sql.get(
      `SELECT SUM("price") AS "total", COUNT(*) AS "count", MAX("updatedAt") AS "latest", MAX("active") = 1 AS "flag" FROM "Product" WHERE "sku" IN (?, ?)`,
      ["SQL-1", "SQL-TYPES"],
      decode,
    );
    expect(row).toEqual({ total: 9_007_199_254_740_998n, count: 2, latest: new Date("2026-11-21T10:00:00.000Z"), flag: true });
    await expect(sql.get(`SELECT MAX("price") AS "top" FROM "Product"`)).rejects.toThrow(/"top" has no declared type/);
  });

  it("writes dates Prisma reads back as the same instant", async () => {
    await sql.run(insertProduct, productRow("SQL-DATE", 100n));
    const product = await db.product.findUniqueOrThrow({ where: { sku: "SQL-DATE" } });
    expect(product.updatedAt.toISOString()).toBe("2026-11-21T10:00:00.000Z");
    expect(product.price).toBe(100n);
  });

  it("commits a transaction that resolves and rolls back one that throws", async () => {
    await sql.transaction((tx) => tx.run(insertProduct, productRow("SQL-COMMIT", 1n)));
    await expect(
      sql.transaction(async (tx) => {
        await tx.run(insertProduct, productRow("SQL-ROLLBACK", 1n));
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    const skus = (await sql.all<{ sku: string }>(`SELECT "sku" FROM "Product" WHERE "sku" LIKE 'SQL-%' ORDER BY "sku"`)).map(
      (row) => row.sku,
    );
    expect(skus).toContain("SQL-COMMIT");
    expect(skus).not.toContain("SQL-ROLLBACK");
  });

  it("runs this process's transactions one after another", async () => {
    await sql.run(insertProduct, productRow("SQL-COUNTER", 0n));
    const increment = () =>
      sql.transaction(async (tx) => {
        const row = await tx.get<{ price: bigint }>(`SELECT "price" FROM "Product" WHERE "sku" = ?`, ["SQL-COUNTER"]);
        await new Promise((resolve) => setTimeout(resolve, 5));
        await tx.run(`UPDATE "Product" SET "price" = ? WHERE "sku" = ?`, [row!.price + 1n, "SQL-COUNTER"]);
      });
    await Promise.all(Array.from({ length: 10 }, increment));
    expect((await sql.get<{ price: bigint }>(`SELECT "price" FROM "Product" WHERE "sku" = ?`, ["SQL-COUNTER"]))!.price).toBe(10n);
  });

  it("reports changes and recognizes a unique violation", async () => {
    expect(await sql.run(`UPDATE "Product" SET "active" = ? WHERE "sku" LIKE 'SQL-%'`, [false])).toEqual({
      changes: expect.any(Number),
    });
    const error = await sql.run(insertProduct, productRow("SQL-1", 1n)).catch((caught: unknown) => caught);
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(new Error("other"))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });

  it("counts statements only when TOLOV_SQL_STATS=1 (BEGIN and COMMIT included)", async () => {
    // Off (this module was loaded without the variable): nothing is counted.
    const { sqlStatementCount } = await import("./sql");
    await sql.get(`SELECT "sku" FROM "Product" WHERE "sku" = ?`, ["SQL-1"]);
    expect(sqlStatementCount()).toBe(0);
    vi.stubEnv("TOLOV_SQL_STATS", "1");
    vi.resetModules();
    try {
      const counted = await import("./sql");
      const other = counted.createSql(url);
      try {
        const before = counted.sqlStatementCount();
        await other.get(`SELECT "sku" FROM "Product" WHERE "sku" = ?`, ["SQL-1"]);
        await other.transaction(async (tx) => {
          await tx.get(`SELECT "price" FROM "Product" WHERE "sku" = ?`, ["SQL-1"]);
          await tx.run(`UPDATE "Product" SET "position" = "position" WHERE "sku" = ?`, ["SQL-1"]);
        });
        expect(counted.sqlStatementCount() - before).toBe(5);
      } finally {
        await other.close();
      }
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
