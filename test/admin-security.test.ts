// The merchant admin's guards against the real store: every admin server action and route
// refuses a request without a session and a cross-site one; sign-in is throttled per client;
// cashbox keys are stored encrypted and never rendered. Runs on SQLite and PostgreSQL.
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSql, type SqlDatabase } from "@/lib/db/sql";
import { startApp, type App } from "./helpers/app";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";
import { createAdminSession } from "./helpers/admin";
import { postJson } from "./helpers/http";
import { actionResult, adminActions, postFormAction, type ServerAction } from "./helpers/server-actions";

const kind = testDatabaseKind();
const ADMIN_PASSWORD = "correct-admin-password-for-tests";
const APP_SECRET = "an-app-secret-of-at-least-32-characters-for-tests";
const EVIL = "https://evil.example";

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

/** Calls an admin form action the way React's client does. */
function callAction(app: App, action: ServerAction, fields: Record<string, string>, headers: Record<string, string>) {
  return postFormAction(`${app.url}${action.page}`, action.id, fields, headers);
}

/**
 * The guard's refusal in an action's answer: its code, or — for an action that passes on only
 * the guard's sentence (the Payme tester) — the code whose sentence it is. Undefined otherwise.
 */
function refusalCode(text: string, sentences: Map<string, string>): string | undefined {
  const result = actionResult<{ ok: boolean; code?: string; error?: string }>(text);
  if (!result || result.ok) return undefined;
  return result.code ?? sentences.get(result.error ?? "");
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
      "refundByHandAction",
      "holdAction",
      "resendInvoiceAction",
      "cancelOrderAction",
    ]) {
      expect(names).toContain(expected);
    }
  });

  /** The guard's sentences (what an action that drops the code still shows), from signOutAction's refusals. */
  async function guardSentences(): Promise<Map<string, string>> {
    const signOut = adminActions(orderNumber).find((action) => action.name === "signOutAction")!;
    const sentences = new Map<string, string>();
    const refusals: Record<string, string>[] = [{ origin: app.url }, { "sec-fetch-site": "cross-site", origin: app.url, cookie: `tolov_admin=${token}` }];
    for (const headers of refusals) {
      const refused = actionResult<{ code: string; error: string }>((await callAction(app, signOut, {}, headers)).text)!;
      sentences.set(refused.error, refused.code);
    }
    expect([...sentences.values()].sort()).toEqual(["cross_site", "unauthorized"]);
    return sentences;
  }

  /**
   * The layout's sign-out form wraps signOutAction and returns nothing: its refusal shows as an
   * answer that neither redirects nor fails, and (checked by the snapshots) a session left alone.
   */
  const returnsNothing = (action: ServerAction) => action.file === "app/admin/layout.tsx";

  it("refuses every admin server action without a session cookie with the guard's `unauthorized`, and changes nothing", async () => {
    const sentences = await guardSentences();
    const before = await snapshot();
    for (const action of adminActions(orderNumber)) {
      if (action.name === "signInAction") continue;
      const result = await callAction(app, action, plausibleFields(orderNumber, ledgerId), { origin: app.url });
      expect(result.status, `${action.name}: ${result.text.slice(0, 300)}`).toBe(200);
      if (returnsNothing(action)) {
        expect(actionResult(result.text), action.name).toBeUndefined();
        continue;
      }
      expect(refusalCode(result.text, sentences), `${action.name}: ${result.text.slice(0, 300)}`).toBe("unauthorized");
    }
    expect(await snapshot()).toBe(before);
  });

  it("refuses every admin server action from another site with the guard's `cross_site`, even with a valid session", async () => {
    const sentences = await guardSentences();
    const before = await snapshot();
    for (const action of adminActions(orderNumber)) {
      // Origin and Host disagree: Next's own check refuses before the action runs (Next answers
      // 500, which server.ts turns into 400 for an action call; the guard is not reached).
      const framework = await callAction(app, action, plausibleFields(orderNumber, ledgerId), { origin: EVIL, cookie: `tolov_admin=${token}` });
      expect([400, 403], `${action.name}: ${framework.text.slice(0, 300)}`).toContain(framework.status);
      expect(actionResult(framework.text), action.name).toBeUndefined();
      // Requests that get past Next's check (a forwarded host matching the origin, or a browser's
      // cross-site marker on a same-origin request) meet our guard.
      const variants: Record<string, string>[] = [
        { origin: EVIL, cookie: `tolov_admin=${token}`, "x-forwarded-host": "evil.example" },
        { "sec-fetch-site": "cross-site", origin: app.url, cookie: `tolov_admin=${token}` },
      ];
      for (const headers of variants) {
        const result = await callAction(app, action, plausibleFields(orderNumber, ledgerId), headers);
        const label = `${action.name} ${JSON.stringify(headers)}: ${result.text.slice(0, 300)}`;
        expect(result.status, label).toBe(200);
        if (returnsNothing(action)) expect(actionResult(result.text), label).toBeUndefined();
        else expect(refusalCode(result.text, sentences), label).toBe("cross_site");
        expect(result.setCookie.join(";"), action.name).not.toMatch(/tolov_admin=[^;]/);
      }
    }
    expect(await snapshot()).toBe(before);
  });

  it("reaches every admin server action from our own page with a session (so the refusals above are the guards')", async () => {
    // An order of its own, paid through 1C, so that the order actions have something to act on.
    const created = await postJson(`${app.url}/api/orders`, { items: [{ sku: "GREEN-TEA-95", quantity: 2 }], customer: { phone: "+998901234568" } });
    expect(created.status).toBe(201);
    const number = Number(created.body.number);
    await sql.transaction(async (tx) => {
      await tx.run(`INSERT INTO "LedgerEntry" ("orderNumber", "kind", "provider", "reference", "amount", "at") VALUES (?, 'payment', '1c', 'doc-2', ?, ?)`, [
        number,
        BigInt(created.body.amount),
        new Date(),
      ]);
      await tx.run(`UPDATE "Order" SET "paidAmount" = ?, "status" = 'paid', "updatedAt" = ? WHERE "number" = ?`, [BigInt(created.body.amount), new Date(), number]);
    });
    const ledger = String((await sql.get<{ id: number }>(`SELECT "id" FROM "LedgerEntry" WHERE "reference" = 'doc-2'`))!.id);
    const order = String(number);
    const sessionExists = async (cookie: string) => {
      const hash = createHash("sha256").update(cookie.slice("tolov_admin=".length)).digest("hex");
      return (await sql.get(`SELECT "id" FROM "AdminSession" WHERE "id" = ?`, [hash])) !== undefined;
    };
    type Answer = Awaited<ReturnType<typeof callAction>>;
    type Result = { ok: boolean; code?: string; field?: string } | undefined;
    /** Per action: the fields of a real form, a fresh session when the action ends it, what proves it ran. */
    const cases: Record<string, { fields: Record<string, string>; ownSession?: boolean; check(answer: Answer, result: Result, cookie: string): Promise<void> | void }> = {
      signInAction: {
        fields: { password: ADMIN_PASSWORD },
        check: (answer) => expect(answer.setCookie.join(";")).toMatch(/tolov_admin=[^;]/),
      },
      signOutAction: { fields: {}, ownSession: true, check: async (_answer, _result, cookie) => expect(await sessionExists(cookie)).toBe(false) },
      saveSettingsAction: {
        fields: { section: "click", serviceId: "12345", merchantId: "678", merchantUserId: "9", mode: "sandbox", reservationMinutes: "45", checkout: "on" },
        check: async (_answer, result) => {
          expect(result).toMatchObject({ ok: true });
          const stored = await sql.get<{ value: string }>(`SELECT "value" FROM "Setting" WHERE "key" = 'click.reservationMinutes'`);
          expect(stored?.value).toBe("45");
        },
      },
      checkConnectionAction: { fields: { provider: "payme" }, check: (_answer, result) => expect(result?.ok).toBeTypeOf("boolean") },
      markFulfilledAction: {
        fields: { order },
        check: async (_answer, result) => {
          expect(result).toMatchObject({ ok: true });
          expect((await sql.get<{ fulfilledAt: unknown }>(`SELECT "fulfilledAt" FROM "Order" WHERE "number" = ?`, [number]))?.fulfilledAt).toBeTruthy();
        },
      },
      approveRefundAction: {
        fields: { order, ledger },
        check: async (_answer, result) => {
          expect(result).toMatchObject({ ok: true });
          expect((await sql.get<{ refundApprovedAt: unknown }>(`SELECT "refundApprovedAt" FROM "LedgerEntry" WHERE "id" = ?`, [Number(ledger)]))?.refundApprovedAt).toBeTruthy();
        },
      },
      // A 1C payment is refunded in 1C: the action says so.
      refundAction: { fields: { order, ledger }, check: (_answer, result) => expect(result).toMatchObject({ ok: false, code: "not_available" }) },
      // The payment is not flagged "refund by hand": a business refusal, past the guard.
      refundByHandAction: { fields: { order, ledger, amount: "1000", seen: "0" }, check: (_answer, result) => expect(result).toMatchObject({ ok: false, code: "conflict" }) },
      // Nothing holds this order and it has no Payme receipt: a business refusal, past the guard.
      holdAction: { fields: { order, how: "confirm" }, check: (_answer, result) => expect(result).toMatchObject({ ok: false, code: expect.stringMatching(/^(conflict|not_available|not_found)$/) }) },
      resendInvoiceAction: { fields: { order }, check: (_answer, result) => expect(["unauthorized", "cross_site", "internal", undefined]).not.toContain(result?.code ?? (result ? "ok" : undefined)) },
      cancelOrderAction: { fields: { order }, check: (_answer, result) => expect(result).toMatchObject({ ok: false, code: "conflict" }) },
      runPaymeTesterAction: { fields: { url: "ftp://shop.example/api/payme" }, check: (_answer, result) => expect(result).toMatchObject({ ok: false, field: "url" }) },
      // Webhooks (lib/outbox): a refused URL, an endpoint and a delivery that do not exist — past the guard.
      addWebhookEndpointAction: { fields: { url: "ftp://shop.example/hook" }, check: (_answer, result) => expect(result).toMatchObject({ ok: false, code: "invalid" }) },
      setWebhookEndpointAction: { fields: { endpoint: "999999", enabled: "false" }, check: (_answer, result) => expect(result).toMatchObject({ ok: false, code: "not_found" }) },
      resendDeliveryAction: { fields: { delivery: "999999" }, check: (_answer, result) => expect(result).toMatchObject({ ok: false, code: "not_found" }) },
      // The layout's sign-out form.
      $$RSC_SERVER_ACTION_0: { fields: {}, ownSession: true, check: async (_answer, _result, cookie) => expect(await sessionExists(cookie)).toBe(false) },
    };
    const actions = adminActions(number);
    expect(actions.map((action) => action.name).sort()).toEqual(Object.keys(cases).sort());
    for (const action of actions) {
      const { fields, ownSession, check } = cases[action.name]!;
      const cookie = ownSession ? await createAdminSession(sql) : `tolov_admin=${token}`;
      const answer = await callAction(app, action, fields, { origin: app.url, cookie, "x-forwarded-for": "192.0.2.200" });
      const label = `${action.name}: ${answer.status} ${answer.text.slice(0, 300)}`;
      expect(answer.status, label).toBeLessThan(500);
      const result = actionResult<NonNullable<Result>>(answer.text);
      expect(["unauthorized", "cross_site"], label).not.toContain(result?.code);
      await check(answer, result, cookie);
    }
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
    for (const path of ["/admin/orders", `/admin/orders/${orderNumber}`, "/admin/settings", "/admin/reconciliation", "/admin/audit", "/admin/webhooks"]) {
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
