// Issue 10: the emulators run while some provider is in sandbox mode as the admin set it, and
// never beside a shop whose providers are all live — switched at run time, without a restart.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSql, type SqlDatabase } from "@/lib/db/sql";
import { startApp, type App } from "./helpers/app";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";

const kind = testDatabaseKind();

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Polls until the sandbox port is (or is not) listening; the store re-reads the modes every few seconds. */
async function waitFor(port: number, wanted: boolean, timeoutMs = 20_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const state = await listening(port);
    if (state === wanted || Date.now() > until) return state;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe(`the sandbox follows the providers' modes on ${kind}`, () => {
  let database: FreshDatabase;
  let app: App;
  let sql: SqlDatabase;

  const setMode = (provider: string, mode: string) =>
    sql.run(
      `INSERT INTO "Setting" ("key", "value", "encrypted", "updatedAt") VALUES (?, ?, false, ?)
       ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", "updatedAt" = excluded."updatedAt"`,
      [`${provider}.mode`, mode, new Date()],
    );

  beforeAll(async () => {
    database = await freshDatabase(kind);
    // Every provider seeded live.
    app = await startApp({
      databaseUrl: database.url,
      env: { PAYMENTS_MODE: "live", APP_SECRET: "lifecycle-test-secret-".padEnd(40, "x"), ADMIN_PASSWORD: "a-real-admin-password" },
    });
    sql = createSql(database.url);
  });

  afterAll(async () => {
    await sql?.close();
    await app?.stop();
    await database?.drop();
  });

  it("is down while every provider is live, starts when one enters sandbox mode, stops when the last leaves it", async () => {
    const sandboxPort = app.port + 1;
    // Well past one re-read of the modes.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(await listening(sandboxPort)).toBe(false);

    await setMode("click", "sandbox");
    expect(await waitFor(sandboxPort, true)).toBe(true);
    expect(app.logs()).toMatch(/Sandbox token \(cabinets; kept in .*sandbox-token\): \S{32,}/);
    const cabinet = await fetch(`http://127.0.0.1:${sandboxPort}/payme/cabinet`);
    expect(cabinet.status).toBe(401);

    await setMode("click", "live");
    expect(await waitFor(sandboxPort, false)).toBe(false);
  });
});
