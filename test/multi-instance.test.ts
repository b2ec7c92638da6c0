// Acceptance: several store instances started at the same moment on one empty database
// (DESIGN.md: migrations, seeding and generated secrets must be safe under that).
import { readdirSync, statSync, readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { demoCatalog } from "@/lib/orders/demo-catalog";
import { startApp, type App } from "./helpers/app";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";
import { getJson, postJson } from "./helpers/http";
import { repoRoot } from "./helpers/paths";

const kind = testDatabaseKind();
const ORDERS_PER_INSTANCE = 20;

function migrationNames(): string[] {
  return readdirSync(join(repoRoot, "prisma", "migrations", kind), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

describe(`two instances started at once on one empty ${kind} database`, () => {
  let database: FreshDatabase;
  let dataDir: string;
  let apps: App[] = [];
  let db: Db;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    // One DATA_DIR for both, as on a host running two processes of one deployment.
    dataDir = mkdtempSync(join(tmpdir(), "tolov-test-shared-data-"));
    const started = await Promise.allSettled([
      startApp({ databaseUrl: database.url, dataDir }),
      startApp({ databaseUrl: database.url, dataDir }),
    ]);
    apps = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
    const failures = started.flatMap((result) => (result.status === "rejected" ? [String(result.reason)] : []));
    if (failures.length) throw new Error(`not every instance came up:\n${failures.join("\n\n")}`);
    db = createDb(database.url);
  });

  afterAll(async () => {
    await db?.$disconnect();
    await Promise.all(apps.map((app) => app.stop()));
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("both come up, and exactly one of them migrated, seeded and generated the secrets", () => {
    expect(apps).toHaveLength(2);
    const count = (pattern: RegExp) => apps.filter((app) => pattern.test(app.logs())).length;
    expect(count(/Migrations applied:/)).toBe(1);
    expect(count(/Demo catalog seeded:/)).toBe(1);
    expect(count(/Generated admin password/)).toBe(1);
    for (const app of apps) expect(app.logs()).not.toMatch(/could not start|Unexpected error|EADDRINUSE/);
  });

  it("recorded each migration once in _prisma_migrations", async () => {
    const rows = await db.$queryRawUnsafe<{ migration_name: string; finished_at: unknown; rolled_back_at: unknown }[]>(
      `SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(rows.map((row) => row.migration_name)).toEqual(migrationNames());
    for (const row of rows) {
      expect(row.finished_at, row.migration_name).not.toBeNull();
      expect(row.rolled_back_at, row.migration_name).toBeNull();
    }
  });

  it("seeded the demo catalog once: no duplicate products", async () => {
    expect(await db.product.count()).toBe(demoCatalog.length);
    for (const app of apps) {
      const response = await getJson<{ sku: string }[]>(`${app.url}/api/products`);
      expect(response.status).toBe(200);
      const skus = response.body.map((product) => product.sku);
      expect(new Set(skus).size).toBe(skus.length);
      expect(skus.sort()).toEqual(demoCatalog.map((product) => product.sku).sort());
    }
  });

  it("generated one secrets file (mode 0600) that both use", () => {
    // (DATA_DIR also holds the sandbox emulators' storage.)
    const files = readdirSync(dataDir);
    expect(files.filter((file) => /secret/i.test(file))).toEqual(["secrets.json"]);
    expect(files.filter((file) => file.endsWith(".tmp"))).toEqual([]);
    const path = join(dataDir, "secrets.json");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const secrets = JSON.parse(readFileSync(path, "utf8")) as { APP_SECRET: string; ADMIN_PASSWORD: string };
    expect(secrets.APP_SECRET.length).toBeGreaterThanOrEqual(32);
    const printer = apps.find((app) => /Generated admin password/.test(app.logs()))!;
    expect(printer.logs()).toContain(secrets.ADMIN_PASSWORD);
    for (const app of apps) expect(app.logs()).not.toContain(secrets.APP_SECRET);
  });

  it(`creates ${ORDERS_PER_INSTANCE}×2 orders concurrently without errors or duplicate numbers`, async () => {
    const before = await db.order.count();
    const skus = demoCatalog.filter((product) => product.currency === "UZS").map((product) => product.sku);
    const requests = apps.flatMap((app, instance) =>
      Array.from({ length: ORDERS_PER_INSTANCE }, (_, index) =>
        postJson(`${app.url}/api/orders`, {
          items: [{ sku: skus[(index + instance) % skus.length], quantity: 1 + (index % 3) }],
          customer: { name: `Shopper ${instance}-${index}` },
        }),
      ),
    );
    const responses = await Promise.all(requests);
    const failed = responses.filter((response) => response.status !== 201);
    expect(failed.map((response) => `${response.status} ${JSON.stringify(response.body)}`)).toEqual([]);

    const numbers = responses.map((response) => String(response.body.number));
    const ids = responses.map((response) => String(response.body.id));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(new Set(ids).size).toBe(ids.length);
    for (const number of numbers) expect(number).toMatch(/^[1-9]\d*$/);
    expect(await db.order.count()).toBe(before + responses.length);

    // Each instance reads what the other one wrote.
    for (const [index, response] of responses.entries()) {
      const other = apps[(index < ORDERS_PER_INSTANCE ? 1 : 0)]!;
      const fetched = await getJson(`${other.url}/api/orders/${response.body.id}`);
      expect(fetched.status).toBe(200);
      expect(fetched.body.number).toBe(response.body.number);
      expect(fetched.body.amount).toBe(response.body.amount);
    }
    for (const app of apps) expect(app.logs()).not.toMatch(/Unexpected error/);
  });

  it("a third start on the same database and data folder has nothing to migrate, seed or generate", async () => {
    const secretsBefore = readFileSync(join(dataDir, "secrets.json"), "utf8");
    const third = await startApp({ databaseUrl: database.url, dataDir });
    try {
      expect(third.logs()).not.toMatch(/Migrations applied:|Demo catalog seeded:|Generated admin password/);
      expect(readFileSync(join(dataDir, "secrets.json"), "utf8")).toBe(secretsBefore);
      expect(await db.product.count()).toBe(demoCatalog.length);
    } finally {
      await third.stop();
    }
  });
});
