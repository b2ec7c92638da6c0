// Starting the store: a bad configuration stops it with a message naming the variable;
// generated secrets are created once (mode 0600) and reused by later starts.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { runServerUntilExit, startApp, UNREACHABLE_CBU_URL } from "./helpers/app";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";
import { getJson } from "./helpers/http";

const kind = testDatabaseKind();
const GOOD_SECRET = "s".repeat(40);

describe(`starting the store on ${kind}`, () => {
  let database: FreshDatabase;
  const folders: string[] = [];

  function tempFolder(): string {
    const dir = mkdtempSync(join(tmpdir(), "tolov-test-start-"));
    folders.push(dir);
    return dir;
  }

  beforeAll(async () => {
    database = await freshDatabase(kind);
  });

  afterAll(async () => {
    await database?.drop();
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  /** Whether anything was written to the database (SQLite: whether its file exists). */
  async function databaseTouched(): Promise<boolean> {
    if (kind === "sqlite") return existsSync(database.name);
    const db = createDb(database.url);
    try {
      const rows = await db.$queryRawUnsafe<{ count: unknown }[]>(
        "SELECT count(*)::int AS count FROM information_schema.tables WHERE table_schema = 'public'",
      );
      return Number(rows[0]?.count) > 0;
    } finally {
      await db.$disconnect();
    }
  }

  const badEnvironments: { name: string; env: Record<string, string>; variable: string }[] = [
    { name: "PORT=abc", env: { PORT: "abc" }, variable: "PORT" },
    { name: "PORT=70000", env: { PORT: "70000" }, variable: "PORT" },
    { name: "DATABASE_URL=mysql://x", env: { DATABASE_URL: "mysql://x" }, variable: "DATABASE_URL" },
    { name: "PAYMENTS_MODE=live without APP_SECRET", env: { PAYMENTS_MODE: "live", ADMIN_PASSWORD: "a-real-admin-password" }, variable: "APP_SECRET" },
    { name: "PAYMENTS_MODE=live without ADMIN_PASSWORD", env: { PAYMENTS_MODE: "live", APP_SECRET: GOOD_SECRET }, variable: "ADMIN_PASSWORD" },
    { name: "PAYMENTS_MODE=production", env: { PAYMENTS_MODE: "production" }, variable: "PAYMENTS_MODE" },
    { name: "a short APP_SECRET", env: { APP_SECRET: "short" }, variable: "APP_SECRET" },
    { name: "PUBLIC_URL=ftp://shop", env: { PUBLIC_URL: "ftp://shop.example" }, variable: "PUBLIC_URL" },
    { name: "ROBOKASSA_HASH=crc32", env: { ROBOKASSA_HASH: "crc32" }, variable: "ROBOKASSA_HASH" },
    { name: "PAYME_BILLING=maybe", env: { PAYME_BILLING: "maybe" }, variable: "PAYME_BILLING" },
    { name: "CBU_RATES_URL=cbu.uz", env: { CBU_RATES_URL: "cbu.uz" }, variable: "CBU_RATES_URL" },
  ];

  it.each(badEnvironments)("refuses to start with $name, naming $variable, and touches nothing", async ({ env, variable }) => {
    const dataDir = join(tempFolder(), "data");
    const result = await runServerUntilExit({
      PORT: "3899",
      HOST: "127.0.0.1",
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      CBU_RATES_URL: UNREACHABLE_CBU_URL,
      ...env,
    });
    expect(result.timedOut, result.stdout).toBe(false);
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(result.stderr).toMatch(new RegExp(`\\b${variable}\\b`));
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // a message, not a stack trace
    expect(existsSync(dataDir)).toBe(false);
    expect(await databaseTouched()).toBe(false);
  });

  it("names every bad variable at once", async () => {
    const result = await runServerUntilExit({
      PORT: "abc",
      DATABASE_URL: "mysql://x",
      ROBOKASSA_HASH: "crc32",
      DATA_DIR: join(tempFolder(), "data"),
    });
    expect(result.code).not.toBe(0);
    for (const variable of ["PORT", "DATABASE_URL", "ROBOKASSA_HASH"]) {
      expect(result.stderr).toMatch(new RegExp(`\\b${variable}\\b`));
    }
  });

  it("generates the secrets once (mode 0600), prints the admin password once, and reuses them", async () => {
    const dataDir = join(tempFolder(), "data");
    const first = await startApp({ databaseUrl: database.url, dataDir });
    await first.stop();
    const path = join(dataDir, "secrets.json");
    // (DATA_DIR also holds the sandbox emulators' storage.)
    expect(readdirSync(dataDir).filter((file) => /secret|\.tmp$/i.test(file))).toEqual(["secrets.json"]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const text = readFileSync(path, "utf8");
    const secrets = JSON.parse(text) as { APP_SECRET: string; ADMIN_PASSWORD: string };
    expect(secrets.APP_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(secrets.ADMIN_PASSWORD.length).toBeGreaterThanOrEqual(12);
    expect(first.logs()).toContain(secrets.ADMIN_PASSWORD);
    expect(first.logs()).not.toContain(secrets.APP_SECRET);

    const second = await startApp({ databaseUrl: database.url, dataDir });
    try {
      expect((await getJson(`${second.url}/api/products`)).status).toBe(200);
      expect(second.logs()).not.toMatch(/Generated admin password/);
      expect(second.logs()).not.toContain(secrets.ADMIN_PASSWORD);
      expect(readFileSync(path, "utf8")).toBe(text);
      expect(statSync(path).mode & 0o777).toBe(0o600);
    } finally {
      await second.stop();
    }
  });

  it("generates nothing when APP_SECRET and ADMIN_PASSWORD are given", async () => {
    const dataDir = join(tempFolder(), "data");
    const app = await startApp({
      databaseUrl: database.url,
      dataDir,
      env: { APP_SECRET: GOOD_SECRET, ADMIN_PASSWORD: "given-admin-password" },
    });
    try {
      expect(app.logs()).not.toMatch(/Generated admin password/);
      expect(existsSync(join(dataDir, "secrets.json"))).toBe(false);
    } finally {
      await app.stop();
    }
  });

  it("starts in live mode when both secrets are given explicitly", async () => {
    const app = await startApp({
      databaseUrl: database.url,
      env: { PAYMENTS_MODE: "live", APP_SECRET: GOOD_SECRET, ADMIN_PASSWORD: "given-admin-password" },
    });
    try {
      expect(app.logs()).toMatch(/payments mode: live/);
    } finally {
      await app.stop();
    }
  });
});
