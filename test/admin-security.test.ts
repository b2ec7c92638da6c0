// The merchant admin's guards against the real store: every admin server action and route
// refuses a request without a session and a cross-site one; sign-in is throttled per client;
// cashbox keys are stored encrypted and never rendered. Runs on SQLite and PostgreSQL.
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSql, type SqlDatabase } from "@/lib/db/sql";
import { startApp, type App } from "./helpers/app";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";
import { postJson } from "./helpers/http";
import { repoRoot } from "./helpers/paths";

const kind = testDatabaseKind();
const ADMIN_PASSWORD = "correct-admin-password-for-tests";
const APP_SECRET = "an-app-secret-of-at-least-32-characters-for-tests";
const EVIL = "https://evil.example";

type ActionEntry = { id: string; file: string; name: string; page: string };

/** The admin's server actions of the build under test, from Next's server reference manifest. */
function adminActions(orderNumber: number): ActionEntry[] {
  const distDir = process.env.TOLOV_DIST_DIR || ".next";
  const manifest = JSON.parse(readFileSync(join(repoRoot, distDir, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
  };
  const entries: ActionEntry[] = [];
  for (const [id, action] of Object.entries(manifest.node)) {
    const file = action.filename ?? "";
    if (!file.startsWith("app/admin/")) continue;
    const worker = Object.keys(action.workers).find((name) => name.startsWith("app/admin/")) ?? "app/admin/page";
    const page = worker
      .replace(/^app/, "")
      .replace(/\/page$/, "")
      .replace("[number]", String(orderNumber));
    entries.push({ id, file, name: action.exportedName ?? id, page: page || "/admin" });
  }
  return entries;
}

/** The fields a real form of each action would send, so that only the guard can stop it. */
function plausibleFields(orderNumber: number, ledgerId: number): Record<string, string> {
  return {
    order: String(orderNumber),
    ledger: String(ledgerId),
    how: "cancel",
    provider: "payme",
    section: "payme",
    merchantId: "attackerMerchant",
    key: "attacker-key-0000",
    testKey: "attacker-test-key-0000",
    login: "Paycom",
    accountField: "order_id",
    mode: "sandbox",
    trustedProxies: "",
    password: ADMIN_PASSWORD,
  };
}

/** Calls a server action the way React's client does (multipart: root `0`, the FormData's fields under `_1_`). */
async function callAction(app: App, action: ActionEntry, fields: Record<string, string>, headers: Record<string, string>) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(`_1_${name}`, value);
  body.append("0", JSON.stringify([null, "$K1"]));
  const response = await fetch(`${app.url}${action.page}`, {
    method: "POST",
    headers: { accept: "text/x-component", "next-action": action.id, ...headers },
    body,
    redirect: "manual",
  });
  return { status: response.status, text: await response.text(), setCookie: response.headers.getSetCookie() };
}

describe(`admin guards on ${kind}`, () => {
  let database: FreshDatabase;
  let app: App;
  let sql: SqlDatabase;
  let orderNumber: number;
  let ledgerId: number;
  let token: string;

  async function snapshot() {
    const settings = await sql.all<{ key: string; value: string }>(`SELECT "key", "value" FROM "Setting" ORDER BY "key"`);
    const order = await sql.get(`SELECT "fulfilledAt", "cancelledAt", "status" FROM "Order" WHERE "number" = ?`, [orderNumber]);
    const ledger = await sql.all(`SELECT "id", "refundApprovedAt" FROM "LedgerEntry" ORDER BY "id"`);
    const sessions = await sql.all<{ id: string }>(`SELECT "id" FROM "AdminSession" ORDER BY "id"`);
    const audit = await sql.all(`SELECT "action", "outcome" FROM "AuditLog" WHERE "outcome" = 'ok' ORDER BY "id"`);
    return JSON.stringify({ settings, order, ledger, sessions, audit }, (_key, value) => (typeof value === "bigint" ? value.toString() : value));
  }

  beforeAll(async () => {
    database = await freshDatabase(kind);
    app = await startApp({ databaseUrl: database.url, env: { ADMIN_PASSWORD, APP_SECRET, PAYMENTS_MODE: "sandbox" } });
    sql = createSql(database.url);
    const created = await postJson(`${app.url}/api/orders`, { items: [{ sku: "GREEN-TEA-95", quantity: 1 }], customer: { phone: "+998901234567" } });
    expect(created.status).toBe(201);
    orderNumber = Number(created.body.number);
    // A paid order: 1C recorded the payment (the admin's actions then have something to act on).
    await sql.transaction(async (tx) => {
      await tx.run(`UPDATE "Order" SET "updatedAt" = ? WHERE "number" = ?`, [new Date(), orderNumber]);
      await tx.run(`INSERT INTO "LedgerEntry" ("orderNumber", "kind", "provider", "reference", "amount", "at") VALUES (?, 'payment', '1c', 'doc-1', ?, ?)`, [
        orderNumber,
        BigInt(created.body.amount),
        new Date(),
      ]);
      await tx.run(`UPDATE "Order" SET "paidAmount" = ?, "status" = 'paid' WHERE "number" = ?`, [BigInt(created.body.amount), orderNumber]);
    });
    ledgerId = Number((await sql.get<{ id: number }>(`SELECT "id" FROM "LedgerEntry" WHERE "reference" = 'doc-1'`))!.id);
    // A live session, as a sign-in makes one (only the token's hash is stored).
    token = randomBytes(32).toString("base64url");
    const now = new Date();
    await sql.run(`INSERT INTO "AdminSession" ("id", "createdAt", "lastSeenAt", "expiresAt", "ip", "userAgent") VALUES (?, ?, ?, ?, ?, ?)`, [
      createHash("sha256").update(token).digest("hex"),
      now,
      now,
      new Date(now.getTime() + 3_600_000),
      "127.0.0.1",
      "test",
    ]);
  });

  afterAll(async () => {
    await sql?.close();
    await app?.stop();
    await database?.drop();
  });

  it("finds every admin server action in the build", () => {
    const names = adminActions(orderNumber).map((action) => action.name);
    for (const expected of [
      "signInAction",
      "signOutAction",
      "saveSettingsAction",
      "checkConnectionAction",
      "markFulfilledAction",
      "approveRefundAction",
      "refundAction",
      "holdAction",
      "resendInvoiceAction",
      "cancelOrderAction",
    ]) {
      expect(names).toContain(expected);
    }
  });

  it("refuses every admin server action without a session cookie, and changes nothing", async () => {
    const before = await snapshot();
    for (const action of adminActions(orderNumber)) {
      if (action.name === "signInAction") continue;
      const result = await callAction(app, action, plausibleFields(orderNumber, ledgerId), { origin: app.url });
      expect(result.text, action.name).not.toContain('"ok":true');
      if (action.file.startsWith("app/admin/actions/")) expect(result.text, action.name).toContain('"code":"unauthorized"');
    }
    expect(await snapshot()).toBe(before);
  });

  it("refuses every admin server action from another site, even with a valid session", async () => {
    const before = await snapshot();
    for (const action of adminActions(orderNumber)) {
      const variants: Record<string, string>[] = [
        { origin: EVIL, cookie: `tolov_admin=${token}` },
        { origin: EVIL, cookie: `tolov_admin=${token}`, "x-forwarded-host": "evil.example" },
        { "sec-fetch-site": "cross-site", origin: app.url, cookie: `tolov_admin=${token}` },
      ];
      for (const headers of variants) {
        const result = await callAction(app, action, plausibleFields(orderNumber, ledgerId), headers);
        expect(result.text, `${action.name} ${JSON.stringify(headers)}`).not.toContain('"ok":true');
        expect(result.setCookie.join(";"), action.name).not.toMatch(/tolov_admin=[^;]/);
      }
    }
    expect(await snapshot()).toBe(before);
  });

  it("accepts the same calls from our own page with the session (so the refusals above are the guards')", async () => {
    const save = adminActions(orderNumber).find((action) => action.name === "saveSettingsAction")!;
    const result = await callAction(app, save, { section: "click", serviceId: "12345", merchantId: "678", merchantUserId: "9", mode: "sandbox", reservationMinutes: "45", checkout: "on" }, {
      origin: app.url,
      cookie: `tolov_admin=${token}`,
    });
    expect(result.text).toContain('"ok":true');
    const stored = await sql.get<{ value: string }>(`SELECT "value" FROM "Setting" WHERE "key" = 'click.reservationMinutes'`);
    expect(stored?.value).toBe("45");
    const fulfil = adminActions(orderNumber).find((action) => action.name === "markFulfilledAction")!;
    expect((await callAction(app, fulfil, { order: String(orderNumber) }, { origin: app.url, cookie: `tolov_admin=${token}` })).text).toContain('"ok":true');
    const order = await sql.get<{ fulfilledAt: unknown }>(`SELECT "fulfilledAt" FROM "Order" WHERE "number" = ?`, [orderNumber]);
    expect(order?.fulfilledAt).toBeTruthy();
  });

  it("refuses the admin routes without a session and from another site", async () => {
    const query = "provider=payme&from=2026-11-01&to=2026-11-30";
    const noCookie = await fetch(`${app.url}/admin/reconciliation/export?${query}`, { redirect: "manual" });
    expect(noCookie.status).toBe(401);
    const crossSite = await fetch(`${app.url}/admin/reconciliation/export?${query}`, {
      headers: { cookie: `tolov_admin=${token}`, "sec-fetch-site": "cross-site" },
    });
    expect(crossSite.status).toBe(403);
    const crossOrigin = await fetch(`${app.url}/admin/reconciliation/export?${query}`, { headers: { cookie: `tolov_admin=${token}`, origin: EVIL } });
    expect(crossOrigin.status).toBe(403);
    const post = await fetch(`${app.url}/admin/reconciliation/export`, { method: "POST", headers: { origin: EVIL, cookie: `tolov_admin=${token}` } });
    expect(post.status).toBe(403);
    const postNoCookie = await fetch(`${app.url}/admin/reconciliation/export`, { method: "POST", headers: { origin: app.url } });
    expect(postNoCookie.status).toBe(401);
  });

  it("sends every admin page to the sign-in form without a session", async () => {
    for (const path of ["/admin/orders", `/admin/orders/${orderNumber}`, "/admin/settings", "/admin/reconciliation", "/admin/audit"]) {
      const response = await fetch(`${app.url}${path}`, { redirect: "manual" });
      expect([303, 307, 308], path).toContain(response.status);
      expect(response.headers.get("location"), path).toMatch(/\/admin$/);
    }
  });

  it("signs in with the right password only, with an HttpOnly SameSite=Strict cookie", async () => {
    const signIn = adminActions(orderNumber).find((action) => action.name === "signInAction")!;
    const wrong = await callAction(app, signIn, { password: "not-the-password" }, { origin: app.url, "x-forwarded-for": "203.0.113.10" });
    expect(wrong.text).toContain('"code":"wrong_password"');
    expect(wrong.setCookie.join(";")).not.toContain("tolov_admin=");
    const right = await callAction(app, signIn, { password: ADMIN_PASSWORD }, { origin: app.url, "x-forwarded-for": "203.0.113.10" });
    const cookie = right.setCookie.find((line) => line.startsWith("tolov_admin="));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/admin/);
    expect(cookie).not.toMatch(/Secure/i);
    const sessionToken = cookie!.slice("tolov_admin=".length).split(";")[0]!;
    const page = await fetch(`${app.url}/admin/orders`, { headers: { cookie: `tolov_admin=${sessionToken}` }, redirect: "manual" });
    expect(page.status).toBe(200);
    // The stored hash is scrypt; the password itself is nowhere in the database.
    const hash = await sql.get<{ value: string }>(`SELECT "value" FROM "Setting" WHERE "key" = 'admin.passwordHash'`);
    expect(hash?.value).toMatch(/^scrypt\$/);
    const everything = JSON.stringify(await sql.all(`SELECT * FROM "Setting"`), (_key, value) => (typeof value === "bigint" ? value.toString() : value));
    expect(everything).not.toContain(ADMIN_PASSWORD);
  });

  it("slows down repeated wrong passwords from one client, and a forged X-Forwarded-For does not help", async () => {
    const signIn = adminActions(orderNumber).find((action) => action.name === "signInAction")!;
    const attempt = (forwardedFor: string) =>
      callAction(app, signIn, { password: "guess" }, { origin: app.url, "x-forwarded-for": forwardedFor }).then((result) => result.text);
    const answers: string[] = [];
    for (let index = 0; index < 5; index += 1) answers.push(await attempt(`198.51.100.${index + 1}`));
    expect(answers.slice(0, 3).every((text) => text.includes('"code":"wrong_password"') && text.includes("Неверный пароль."))).toBe(true);
    expect(answers[3]).toMatch(/Следующая попытка — через \d+ с/);
    expect(answers[4]).toContain('"code":"throttled"');
    // Even the right password waits its turn.
    const right = await callAction(app, signIn, { password: ADMIN_PASSWORD }, { origin: app.url, "x-forwarded-for": "192.0.2.77" });
    expect(right.text).toContain('"code":"throttled"');
    const failed = await sql.all(`SELECT "id" FROM "AuditLog" WHERE "action" = 'admin.sign_in' AND "outcome" = 'failed'`);
    expect(failed.length).toBeGreaterThanOrEqual(4);
  });
});
