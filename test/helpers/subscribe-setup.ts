// One set-up for tests of the store's Payme receipts code against the Subscribe emulator over
// real HTTP: a fresh database (migrated, demo catalog seeded), the Payme settings written as
// the admin writes them, the emulator served on a local port and, for a cashbox with billing,
// the store's Merchant API handler for the emulator to call.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb } from "@/lib/db/client";
import { applyPendingMigrations, withDatabaseLock } from "@/lib/db/migrate";
import { createSql, type SqlDatabase } from "@/lib/db/sql";
import { seedDemoCatalog } from "@/lib/orders/seed-demo-catalog";
import { writeSetting } from "@/lib/settings/settings";
import { createSubscribeEmulator, type SubscribeEmulator, type SubscribeEmulatorOptions } from "@/lib/sandbox/payme-subscribe/emulator";
import { freshDatabase, type FreshDatabase, type TestDatabaseKind } from "./database";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export type SubscribeSetupOptions = {
  kind: TestDatabaseKind;
  /** `payme.billing` as first written (the emulator reads `emulator.billing`). */
  billing?: boolean;
  /** The store's Merchant API for the emulator to call (a cashbox with billing); none: an address nothing listens on. */
  merchantApi?: (sql: SqlDatabase, appSecret: string) => Handler;
  /** Emulator options besides the cashbox, the store's URL and the storage. */
  emulator: Omit<SubscribeEmulatorOptions, "storePaymeUrl" | "merchantId" | "testKey" | "storageDir" | "db">;
};

export type SubscribeSetup = {
  database: FreshDatabase;
  /** The store's database through the SQL layer (after it is open, read and write only through it). */
  sql: SqlDatabase;
  appSecret: string;
  merchantId: string;
  testKey: string;
  emulator: SubscribeEmulator;
  /** The emulator's Subscribe endpoint (`http://127.0.0.1:…/payme/api`). */
  endpoint: string;
  /** Writes a `payme.*` setting (not secret) as the admin would. */
  setPaymeSetting(name: string, value: string): Promise<void>;
  close(): Promise<void>;
};

async function listen(handler: Handler): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function closeServer(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Starts the set-up described above; call close() in afterAll. */
export async function startSubscribeSetup(options: SubscribeSetupOptions): Promise<SubscribeSetup> {
  const appSecret = randomBytes(32).toString("hex");
  const merchantId = randomBytes(12).toString("hex");
  const testKey = randomBytes(16).toString("hex");
  const database = await freshDatabase(options.kind);
  await withDatabaseLock(database.url, () => applyPendingMigrations(database.url));
  const db = createDb(database.url);
  await seedDemoCatalog(db);
  await db.$disconnect();
  const sql = createSql(database.url);
  const setPaymeSetting = (name: string, value: string) => writeSetting(sql, `payme.${name}`, value, { secret: false, appSecret });
  await setPaymeSetting("merchantId", merchantId);
  await writeSetting(sql, "payme.testKey", testKey, { secret: true, appSecret });
  await setPaymeSetting("mode", "sandbox");
  await setPaymeSetting("billing", String(options.billing ?? false));

  const store = options.merchantApi ? await listen(options.merchantApi(sql, appSecret)) : undefined;
  const storageDir = mkdtempSync(join(tmpdir(), "tolov-subscribe-sandbox-"));
  const emulator = createSubscribeEmulator({
    ...options.emulator,
    storePaymeUrl: store ? `${store.url}/api/payme` : "http://127.0.0.1:9/api/payme",
    merchantId,
    testKey,
    storageDir,
  });
  const sandbox = await listen((req, res) => {
    if (!emulator(req, res)) res.writeHead(404).end();
  });

  return {
    database,
    sql,
    appSecret,
    merchantId,
    testKey,
    emulator,
    endpoint: `${sandbox.url}${emulator.path}`,
    setPaymeSetting,
    async close() {
      await emulator.close();
      await closeServer(sandbox.server);
      await closeServer(store?.server);
      await sql.close();
      await database.drop();
      rmSync(storageDir, { recursive: true, force: true });
    },
  };
}

export type OrderLine = { sku: string; quantity: number };

/**
 * A new pending UZS order of catalog `lines`, priced from the Product table as the store's
 * createOrder prices it, written straight into the database; `phone` is the shopper's.
 * Returns its id, number and amount (tiyin).
 */
export async function insertCatalogOrder(sql: SqlDatabase, lines: OrderLine[], phone: string | null = null): Promise<{ id: string; number: number; amount: bigint }> {
  return sql.transaction(async (tx) => {
    const products = await tx.all<{ sku: string; titleRu: string; price: bigint; code: string; packageCode: string; vatPercent: number; units: number | null }>(
      `SELECT "sku", "titleRu", "price", "code", "packageCode", "vatPercent", "units" FROM "Product" WHERE "sku" IN (${lines.map(() => "?").join(", ")})`,
      lines.map((line) => line.sku),
    );
    const bySku = new Map(products.map((product) => [product.sku, product]));
    const amount = lines.reduce((sum, line) => sum + BigInt(bySku.get(line.sku)!.price) * BigInt(line.quantity), 0n);
    const id = randomBytes(16).toString("base64url");
    const now = new Date();
    const inserted = await tx.get<{ number: number }>(
      `INSERT INTO "Order" ("id", "amount", "currency", "status", "lang", "customerPhone", "createdAt", "updatedAt") VALUES (?, ?, 'UZS', 'pending', 'ru', ?, ?, ?) RETURNING "number"`,
      [id, amount, phone, now, now],
    );
    const number = Number(inserted!.number);
    for (const [position, line] of lines.entries()) {
      const product = bySku.get(line.sku)!;
      await tx.run(
        `INSERT INTO "OrderItem" ("orderNumber", "sku", "title", "quantity", "unitPrice", "originalPrice", "originalCurrency", "code", "packageCode", "vatPercent", "units", "position")
         VALUES (?, ?, ?, ?, ?, ?, 'UZS', ?, ?, ?, ?, ?)`,
        [number, line.sku, product.titleRu, line.quantity, BigInt(product.price), BigInt(product.price), product.code, product.packageCode, Number(product.vatPercent), product.units, position],
      );
    }
    return { id, number, amount };
  });
}
