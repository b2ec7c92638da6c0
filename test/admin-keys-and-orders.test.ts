// The merchant admin's cashbox keys and order actions against the real store (SQLite and
// PostgreSQL): keys are encrypted at rest and only masked on the page; key changes are audited
// by field name; mark fulfilled / approve refund / cancel follow DESIGN.md's state model,
// including Payme's -31007 for a fulfilled order until the merchant approves the refund.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSql, type SqlDatabase } from "@/lib/db/sql";
import { decryptSecret } from "@/lib/payments/secret-box";
import { startApp, type App } from "./helpers/app";
import { createAdminSession } from "./helpers/admin";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";
import { postJson } from "./helpers/http";
import { PaymeClient } from "./helpers/payme";
import { actionId, postFormAction } from "./helpers/server-actions";

const kind = testDatabaseKind();
const ADMIN_PASSWORD = "another-admin-password-for-tests";
const APP_SECRET = "a-second-app-secret-of-at-least-32-characters";

const secrets = {
  payme: { key: "payme-live-key-PLAIN-7741", testKey: "payme-test-key-PLAIN-8852" },
  click: { secretKey: "click-secret-PLAIN-9963" },
  robokassa: {
    password1: "robokassa-one-PLAIN-1174",
    password2: "robokassa-two-PLAIN-2285",
    password3: "robokassa-three-PLAIN-3396",
    testPassword1: "robokassa-test-one-PLAIN-4407",
    testPassword2: "robokassa-test-two-PLAIN-5518",
  },
  exchange1c: { password: "exchange-PLAIN-6629" },
};
const allSecrets = Object.values(secrets).flatMap((section) => Object.values(section));

describe(`admin keys and orders on ${kind}`, () => {
  let database: FreshDatabase;
  let app: App;
  let sql: SqlDatabase;
  let cookie: string;

  async function act(name: string, page: string, fields: Record<string, string>): Promise<string> {
    return (await postFormAction(`${app.url}${page}`, actionId(name), fields, { origin: app.url, cookie })).text;
  }

  const page = async (path: string) => (await fetch(`${app.url}${path}`, { headers: { cookie } })).text();

  async function newOrder(): Promise<{ number: number; amount: bigint }> {
    const created = await postJson(`${app.url}/api/orders`, { items: [{ sku: "APRICOT-1KG", quantity: 2 }], customer: { phone: "+998 90 765 43 21" } });
    expect(created.status).toBe(201);
    return { number: Number(created.body.number), amount: BigInt(created.body.amount) };
  }

  /** Payme's Merchant API calls, with the test key the first test stored through the admin (Payme authenticates with it in sandbox mode). */
  const payme = (method: string, params: Record<string, unknown>) => new PaymeClient(`${app.url}/api/payme`, secrets.payme.testKey).call(method, params);

  beforeAll(async () => {
    database = await freshDatabase(kind);
    app = await startApp({ databaseUrl: database.url, env: { ADMIN_PASSWORD, APP_SECRET, PAYMENTS_MODE: "sandbox" } });
    sql = createSql(database.url);
    cookie = await createAdminSession(sql);
  });

  afterAll(async () => {
    await sql?.close();
    await app?.stop();
    await database?.drop();
  });

  it("stores every provider's secrets encrypted, never in plain text", async () => {
    const common = { mode: "sandbox", checkout: "on" };
    const answers = [
      await act("saveSettingsAction", "/admin/settings", { section: "payme", merchantId: "5f0e1d2c3b4a", login: "Paycom", accountField: "order_id", billing: "on", trustedProxies: "", ...common, ...secrets.payme }),
      await act("saveSettingsAction", "/admin/settings", { section: "click", serviceId: "31415", merchantId: "27182", merchantUserId: "16180", reservationMinutes: "30", ...common, ...secrets.click }),
      await act("saveSettingsAction", "/admin/settings", { section: "robokassa", login: "tolov-shop", hash: "sha256", trustedProxies: "", ...common, ...secrets.robokassa }),
      await act("saveSettingsAction", "/admin/settings", { section: "exchange1c", login: "1c-exchange", encoding: "utf-8", timeZone: "Asia/Tashkent", ...secrets.exchange1c }),
    ];
    for (const answer of answers) expect(answer).toContain('"ok":true');

    const rows = await sql.all<{ key: string; value: string; encrypted: boolean | number }>(`SELECT "key", "value", "encrypted" FROM "Setting"`);
    const dump = JSON.stringify(rows);
    for (const secret of allSecrets) expect(dump).not.toContain(secret);
    const byKey = new Map(rows.map((row) => [row.key, row]));
    for (const [section, values] of Object.entries(secrets)) {
      for (const [name, plain] of Object.entries(values)) {
        const row = byKey.get(`${section}.${name}`)!;
        expect(Boolean(row.encrypted), `${section}.${name}`).toBe(true);
        expect(row.value).toMatch(/^v1\./);
        expect(decryptSecret(row.value, APP_SECRET)).toBe(plain);
      }
    }
    expect(byKey.get("click.serviceId")?.value).toBe("31415");
    expect(byKey.get("robokassa.hash")?.value).toBe("sha256");
  });

  it("never renders a stored secret: only ••••last4", async () => {
    const html = await page("/admin/settings");
    for (const secret of allSecrets) {
      expect(html).not.toContain(secret);
      expect(html).toContain(`••••${secret.slice(-4)}`);
    }
    expect(html).toContain(`${app.url}/api/click/prepare`);
    expect(html).toContain(`${app.url}/api/robokassa/result`);
  });

  it("keeps a secret left empty, removes one on request, and audits field names only", async () => {
    const kept = await act("saveSettingsAction", "/admin/settings", {
      section: "click", serviceId: "31415", merchantId: "27182", merchantUserId: "16180", reservationMinutes: "40", mode: "sandbox", checkout: "on", secretKey: "",
    });
    expect(kept).toContain('"ok":true');
    expect(kept).toContain('"changed":["reservationMinutes"]');
    const stored = await sql.get<{ value: string }>(`SELECT "value" FROM "Setting" WHERE "key" = 'click.secretKey'`);
    expect(decryptSecret(stored!.value, APP_SECRET)).toBe(secrets.click.secretKey);

    const cleared = await act("saveSettingsAction", "/admin/settings", {
      section: "exchange1c", login: "1c-exchange", encoding: "windows-1251", timeZone: "Asia/Tashkent", password: "", "clear.password": "on",
    });
    expect(cleared).toContain('"ok":true');
    expect(await sql.get(`SELECT "value" FROM "Setting" WHERE "key" = 'exchange1c.password'`)).toBeUndefined();

    const audit = await sql.all<{ action: string; target: string; detail: string }>(`SELECT "action", "target", "detail" FROM "AuditLog" WHERE "action" = 'settings.update' ORDER BY "id"`);
    expect(audit.map((entry) => entry.target)).toEqual(["settings:payme", "settings:click", "settings:robokassa", "settings:exchange1c", "settings:click", "settings:exchange1c"]);
    expect(JSON.parse(audit[0]!.detail).secretsChanged).toEqual(["key", "testKey"]);
    const dump = JSON.stringify(await sql.all(`SELECT * FROM "AuditLog"`), (_key, value) => (typeof value === "bigint" ? value.toString() : value));
    for (const secret of allSecrets) expect(dump).not.toContain(secret);
    const auditPage = await page("/admin/audit");
    expect(auditPage).toContain("изменение настроек");
    expect(auditPage).toContain("settings:payme");
  });

  it("refuses bad input with field errors and live mode without its keys", async () => {
    const bad = await act("saveSettingsAction", "/admin/settings", { section: "click", serviceId: "12a", merchantId: "1", merchantUserId: "", reservationMinutes: "0", mode: "sandbox" });
    expect(bad).toContain('"ok":false');
    expect(bad).toContain('"serviceId"');
    expect(bad).toContain('"reservationMinutes"');
    const live = await act("saveSettingsAction", "/admin/settings", {
      section: "payme", merchantId: "5f0e1d2c3b4a", login: "Paycom", accountField: "order_id", mode: "live", trustedProxies: "", "clear.key": "on",
    });
    expect(live).toContain('"ok":false');
    expect(live).toContain("Для боевого режима заполните");
    const mode = await sql.get<{ value: string }>(`SELECT "value" FROM "Setting" WHERE "key" = 'payme.mode'`);
    expect(mode?.value).toBe("sandbox");
  });

  it("lists and filters orders, and shows an order's ledger and Payme transaction", async () => {
    const order = await newOrder();
    const list = await page(`/admin/orders?q=${order.number}`);
    expect(list).toContain(`/admin/orders/${order.number}`);
    expect(await page("/admin/orders?q=765432")).toContain(`/admin/orders/${order.number}`);
    expect(await page("/admin/orders?status=paid&q=765432")).not.toContain(`/admin/orders/${order.number}"`);
    // Paid through Payme's Merchant API, so the page has a ledger entry and a transaction to show.
    const paymeId = `${(Date.now() - 1).toString(16)}ccccccccccccccc`.slice(0, 24);
    const created = await payme("CreateTransaction", { id: paymeId, time: Date.now(), amount: Number(order.amount), account: { order_id: String(order.number) } });
    expect(created.result?.state).toBe(1);
    expect((await payme("PerformTransaction", { id: paymeId })).result?.state).toBe(2);
    expect(await page("/admin/orders?status=paid&q=765432")).toContain(`/admin/orders/${order.number}"`);
    const detail = await page(`/admin/orders/${order.number}`);
    expect(detail).toContain(`Заказ №${order.number}`);
    expect(detail).toContain("Курага, 1 кг");
    // The ledger: one payment under Payme's id; the transactions: that id, performed.
    expect(detail).toContain("Платежи и возвраты");
    expect(detail).not.toContain("Платежей пока нет.");
    expect(detail).not.toContain("Транзакций нет.");
    expect(detail).toContain("платёж");
    expect(detail).toContain("оплачен");
    // In plain words (issue 14): how this payment is refunded, no internal codes.
    expect(detail).toContain("Оплачен на странице Payme. Такой платёж Payme возвращает только целиком");
    expect(detail).not.toContain("Оплачен картой в форме");
    expect(detail).not.toMatch(/CancelTransaction|PerformTransaction|reason \d|состояние чека/);
    // Paid: "mark fulfilled" is offered; each outbox event says in words where its delivery stands
    // (the store's dispatcher may have delivered it already, or not yet).
    expect(detail).toContain("Отметить выполненным");
    const markup = detail.replace(/<script[\s\S]*?<\/script>/g, "");
    expect(markup).toContain("order.paid");
    expect(markup).toMatch(/доставлено \d|в очереди на доставку|ожидает, следующая попытка|нечего доставлять/);
    expect(markup).not.toContain("не доставлено");
    expect(detail.split(paymeId).length - 1, "Payme's id in the ledger and in the transactions").toBeGreaterThanOrEqual(2);
  });

  it("cancels an order only when nothing holds or paid it, saying who holds it and until when", async () => {
    const order = await newOrder();
    const paymeId = `${Date.now().toString(16)}aaaaaaaaaaaaaaa`.slice(0, 24);
    const created = await payme("CreateTransaction", { id: paymeId, time: Date.now(), amount: Number(order.amount), account: { order_id: String(order.number) } });
    expect(created.result?.state).toBe(1);
    const held = await act("cancelOrderAction", `/admin/orders/${order.number}`, { order: String(order.number) });
    expect(held).toContain('"ok":false');
    expect(held).toContain(`Транзакция Payme ${paymeId}`);
    expect(held).toMatch(/держит его до \d/);

    expect((await payme("CancelTransaction", { id: paymeId, reason: 3 })).result?.state).toBe(-1);
    const cancelled = await act("cancelOrderAction", `/admin/orders/${order.number}`, { order: String(order.number) });
    expect(cancelled).toContain('"ok":true');
    const row = await sql.get<{ status: string; cancelledBy: string }>(`SELECT "status", "cancelledBy" FROM "Order" WHERE "number" = ?`, [order.number]);
    expect(row).toEqual({ status: "cancelled", cancelledBy: "admin" });
    expect(await sql.get(`SELECT "id" FROM "OutboxEvent" WHERE "orderNumber" = ? AND "type" = 'order.cancelled'`, [order.number])).toBeDefined();
  });

  it("marks a paid order fulfilled: Payme's refund answers -31007 until the merchant approves it here", async () => {
    const order = await newOrder();
    const paymeId = `${(Date.now() + 1).toString(16)}bbbbbbbbbbbbbbb`.slice(0, 24);
    await payme("CreateTransaction", { id: paymeId, time: Date.now(), amount: Number(order.amount), account: { order_id: String(order.number) } });
    expect((await payme("PerformTransaction", { id: paymeId })).result?.state).toBe(2);

    const paid = await act("cancelOrderAction", `/admin/orders/${order.number}`, { order: String(order.number) });
    expect(paid).toContain("Сначала верните деньги");

    expect(await act("markFulfilledAction", `/admin/orders/${order.number}`, { order: String(order.number) })).toContain('"ok":true');
    expect((await payme("CancelTransaction", { id: paymeId, reason: 5 })).error?.code).toBe(-31007);

    const ledger = await sql.get<{ id: number }>(`SELECT "id" FROM "LedgerEntry" WHERE "reference" = ? AND "kind" = 'payment'`, [paymeId]);
    expect(await act("approveRefundAction", `/admin/orders/${order.number}`, { order: String(order.number), ledger: String(ledger!.id) })).toContain('"ok":true');
    expect((await payme("CancelTransaction", { id: paymeId, reason: 5 })).result?.state).toBe(-2);
    const row = await sql.get<{ status: string; paidAmount: bigint; refundedAmount: bigint }>(
      `SELECT "status", "paidAmount", "refundedAmount" FROM "Order" WHERE "number" = ?`,
      [order.number],
    );
    expect(row?.status).toBe("refunded");
    expect(BigInt(row!.refundedAmount)).toBe(BigInt(row!.paidAmount));

    const detail = (await page(`/admin/orders/${order.number}`)).replace(/<!-- -->/g, "");
    expect(detail).toContain(paymeId);
    expect(detail).toContain("деньги возвращены (возврат)");
    // Refunded: the sentence agrees with the badge, and there is nothing to fulfil.
    expect(detail).toMatch(/возвращено [^:]+: у магазина остаётся 0/);
    expect(detail).not.toContain("(100 %)");
    const audit = await sql.all<{ action: string }>(`SELECT "action" FROM "AuditLog" WHERE "target" = ? ORDER BY "id"`, [`order:${order.number}`]);
    expect(audit.map((entry) => entry.action)).toEqual(["order.cancel", "order.fulfil", "order.approve_refund"]);
  });
});
