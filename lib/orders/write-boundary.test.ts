// The settlement core's boundary: no file outside lib/orders/ writes the Reservation, LedgerEntry
// or OutboxEvent tables or an order's money/status/cancel columns (raw SQL or Prisma). Scans the
// store's source tree; the checker is shown to catch violations on fixtures first.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");

/** The order's columns only the core writes. */
const ORDER_COLUMNS = [
  "amount",
  "paidAmount",
  "refundedAmount",
  "status",
  "fulfilledAt",
  "cancelledAt",
  "cancelledBy",
  "cancelRequestedAt",
  "cancelRequestedBy",
  "cancelRefusedAt",
];

const coreTables = /\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(Reservation|LedgerEntry|OutboxEvent)"?(?=[\s(`'"]|$)/gi;
const orderUpdate = /\bUPDATE\s+"?Order"?\s+SET\s+([\s\S]*?)(?:\bWHERE\b|`|$)/gi;
const orderInsert = /\bINSERT\s+INTO\s+"?Order"?\s*\(([^)]*)\)/gi;
const orderDelete = /\bDELETE\s+FROM\s+"?Order"?(?=[\s`'"]|$)/gi;
const prismaCore = /\.(reservation|ledgerEntry|outboxEvent)\s*\.\s*(create|createMany|update|updateMany|upsert|delete|deleteMany)\s*\(/g;
const prismaOrder = /\.order\s*\.\s*(update|updateMany|upsert|delete|deleteMany)\s*\(/g;

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split("\n").length;
}

/** Every write of the core's tables or the order's protected columns in `text`, as "line: what". */
function findCoreWrites(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(coreTables)) found.push(`${lineOf(text, match.index)}: writes ${match[1]}`);
  for (const match of text.matchAll(orderUpdate)) {
    const columns = ORDER_COLUMNS.filter((column) => new RegExp(`"?\\b${column}\\b"?\\s*=`).test(match[1]!));
    if (columns.length > 0) found.push(`${lineOf(text, match.index)}: updates Order.${columns.join(", ")}`);
  }
  for (const match of text.matchAll(orderInsert)) {
    const columns = ORDER_COLUMNS.filter((column) => column !== "amount" && column !== "status" && new RegExp(`\\b${column}\\b`).test(match[1]!));
    if (columns.length > 0) found.push(`${lineOf(text, match.index)}: inserts Order.${columns.join(", ")}`);
  }
  for (const match of text.matchAll(orderDelete)) found.push(`${lineOf(text, match.index)}: deletes Order`);
  for (const match of text.matchAll(prismaCore)) found.push(`${lineOf(text, match.index)}: prisma ${match[1]}.${match[2]}`);
  for (const match of text.matchAll(prismaOrder)) found.push(`${lineOf(text, match.index)}: prisma order.${match[1]}`);
  return found;
}

/** The store's source files (tests, generated clients and the core itself excluded). */
function sourceFiles(): string[] {
  const files: string[] = [];
  const skip = new Set(["node_modules", ".next", "generated", ".git"]);
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (skip.has(name)) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|tsx|mts|mjs|js)$/.test(name) && !/\.test\.|\.spec\./.test(name)) files.push(path);
    }
  };
  for (const dir of ["lib", "app", "components", "scripts", "prisma"]) walk(join(root, dir));
  for (const file of ["server.ts", "proxy.ts"]) {
    try {
      if (statSync(join(root, file)).isFile()) files.push(join(root, file));
    } catch {
      // not every checkout has every top-level file
    }
  }
  return files;
}

describe("settlement core boundary", () => {
  it("the checker reports writes of the core's tables and the order's money/status columns", () => {
    const fixture = [
      "await tx.run(`DELETE FROM \"Reservation\" WHERE \"orderNumber\" = ?`, [n]);",
      "await tx.run(`INSERT INTO \"LedgerEntry\" (\"kind\") VALUES (?)`, [k]);",
      "await tx.run(`UPDATE \"OutboxEvent\" SET \"deliveredAt\" = ?`, [d]);",
      "await tx.run(`UPDATE \"Order\" SET \"updatedAt\" = ?, \"paidAmount\" = ? WHERE \"number\" = ?`, [a, b, c]);",
      "await tx.run(`UPDATE \"Order\"",
      "   SET \"status\" = 'paid'",
      "   WHERE \"number\" = ?`, [c]);",
      "await db.reservation.deleteMany({ where: {} });",
      "await db.order.update({ where: { number }, data: { cancelledAt: new Date() } });",
    ].join("\n");
    expect(findCoreWrites(fixture)).toEqual([
      "1: writes Reservation",
      "2: writes LedgerEntry",
      "3: writes OutboxEvent",
      "4: updates Order.paidAmount",
      "5: updates Order.status",
      "8: prisma reservation.deleteMany",
      "9: prisma order.update",
    ]);
  });

  it("the checker leaves reads and other tables alone", () => {
    const fixture = [
      "await tx.get(`SELECT \"held\" FROM \"Reservation\" WHERE \"orderNumber\" = ?`, [n]);",
      "await tx.run(`UPDATE \"PaymeReceipt\" SET \"state\" = ? WHERE \"paymeId\" = ?`, [s, id]);",
      "await tx.run(`UPDATE \"Order\" SET \"customerPhone\" = ? WHERE \"number\" = ?`, [p, n]);",
      "const rows = await db.ledgerEntry.findMany({ where: { orderNumber } });",
    ].join("\n");
    expect(findCoreWrites(fixture)).toEqual([]);
  });

  it("no file outside lib/orders/ writes them", () => {
    const violations: string[] = [];
    for (const file of sourceFiles()) {
      const path = relative(root, file).split(sep).join("/");
      if (path.startsWith("lib/orders/")) continue;
      for (const found of findCoreWrites(readFileSync(file, "utf8"))) violations.push(`${path}:${found}`);
    }
    expect(violations).toEqual([]);
  });
});
