// The admin's Payme actions against the real store and its Subscribe emulator (sandbox mode, a
// cashbox with billing): a refund from the admin ends with the order refunded and the ledger
// balanced; a hold is confirmed or released from the admin; the invoice is re-sent; "check
// connection" asks receipts.get_all; reconciliation finds differences injected into the
// emulator's own records. The shopper's card steps are done here as the card form does them.
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSql, type SqlDatabase } from "@/lib/db/sql";
import { sandboxPaymeCredentials } from "@/lib/payments/payme/payme-settings";
import { paymeSubscribeUrl } from "@/lib/payments/payme/payme-urls";
import type { ReceiptsContext } from "@/lib/payments/payme/receipts/context";
import { startApp, type App } from "./helpers/app";
import { createAdminSession } from "./helpers/admin";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";
import { postJson } from "./helpers/http";
import { actionId, postFormAction } from "./helpers/server-actions";
import { payWithTestCard, runningStoreReceipts } from "./helpers/test-card";

const kind = testDatabaseKind();
const ADMIN_PASSWORD = "payme-admin-password-for-tests";
const APP_SECRET = "a-third-app-secret-of-at-least-32-characters";

const tashkentDay = () => new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 10);

describe(`admin Payme actions on ${kind}`, () => {
  let database: FreshDatabase;
  let app: App;
  let sql: SqlDatabase;
  let ctx: ReceiptsContext;
  let cookie: string;
  /** A Merchant API payment made up by this test, not through the emulator: Payme has no receipt for it. */
  let madeUpPaymeId = "";

  async function act(name: string, page: string, fields: Record<string, string>): Promise<string> {
    return (await postFormAction(`${app.url}${page}`, actionId(name), fields, { origin: app.url, cookie })).text;
  }

  async function newOrder(): Promise<{ id: string; number: number; amount: bigint }> {
    const created = await postJson(`${app.url}/api/orders`, { items: [{ sku: "RISHTAN-TEAPOT", quantity: 1 }], customer: { phone: "+998 97 111 22 33" } });
    expect(created.status).toBe(201);
    return { id: created.body.id, number: Number(created.body.number), amount: BigInt(created.body.amount) };
  }

  /** What the card form does: a receipt for the order, a verified test card, receipts.pay. */
  const payWithCard = (orderId: string, hold = false) => payWithTestCard(ctx, orderId, { hold });

  async function orderRow(number: number) {
    const row = await sql.get<{ status: string; paidAmount: bigint; refundedAmount: bigint }>(
      `SELECT "status", "paidAmount", "refundedAmount" FROM "Order" WHERE "number" = ?`,
      [number],
    );
    return { status: row!.status, paid: BigInt(row!.paidAmount), refunded: BigInt(row!.refundedAmount) };
  }

  /** Waits for the emulator's delayed step (cancel: 21 → 50 after ~2 s, then CancelTransaction). */
  async function eventually(number: number, status: string) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const row = await orderRow(number);
      if (row.status === status || Date.now() > deadline) return row;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  beforeAll(async () => {
    database = await freshDatabase(kind);
    app = await startApp({ databaseUrl: database.url, env: { ADMIN_PASSWORD, APP_SECRET, PAYMENTS_MODE: "sandbox" } });
    sql = createSql(database.url);
    const store = runningStoreReceipts(sql, { port: app.port, url: app.url, databaseUrl: database.url, dataDir: app.dataDir, appSecret: APP_SECRET });
    const env = store.env;
    ctx = store.ctx;
    expect(ctx.endpoint(await ctx.settings())).toBe(paymeSubscribeUrl("sandbox", env));
    expect((await ctx.settings()).merchantId).toBe(sandboxPaymeCredentials(APP_SECRET).merchantId);
    cookie = await createAdminSession(sql);
  });

  afterAll(async () => {
    await sql?.close();
    await app?.stop();
    await database?.drop();
  });

  it("checks the connection with receipts.get_all", async () => {
    expect(await act("checkConnectionAction", "/admin/settings", { provider: "payme" })).toMatch(/Подключение работает: чеков за последний час — \d+/);
  });

  it("refunds a card payment of a fulfilled order from the admin: the order ends refunded, the ledger balanced", async () => {
    const order = await newOrder();
    const receipt = await payWithCard(order.id);
    expect(receipt.state).toBe(4);
    expect(await orderRow(order.number)).toMatchObject({ status: "paid", paid: order.amount });
    expect(await act("markFulfilledAction", `/admin/orders/${order.number}`, { order: String(order.number) })).toContain('"ok":true');

    const ledger = await sql.get<{ id: number }>(`SELECT "id" FROM "LedgerEntry" WHERE "kind" = 'payment' AND "reference" = ?`, [receipt.id]);
    const answer = await act("refundAction", `/admin/orders/${order.number}`, { order: String(order.number), ledger: String(ledger!.id) });
    expect(answer).toContain('"ok":true');
    expect(answer).toContain("Возврат отправлен провайдеру");

    const row = await eventually(order.number, "refunded");
    expect(row).toEqual({ status: "refunded", paid: order.amount, refunded: order.amount });
    const entries = await sql.all<{ kind: string; amount: bigint }>(`SELECT "kind", "amount" FROM "LedgerEntry" WHERE "reference" = ? ORDER BY "id"`, [receipt.id]);
    expect(entries.map((entry) => [entry.kind, BigInt(entry.amount)])).toEqual([
      ["payment", order.amount],
      ["refund", order.amount],
    ]);
    const audit = await sql.all<{ action: string; outcome: string }>(`SELECT "action", "outcome" FROM "AuditLog" WHERE "target" = ? ORDER BY "id"`, [`order:${order.number}`]);
    expect(audit).toEqual([
      { action: "order.fulfil", outcome: "ok" },
      { action: "order.approve_refund", outcome: "ok" },
      { action: "order.refund", outcome: "ok" },
    ]);
  });

  it("tells the merchant to refund a hosted-checkout payment in Payme's cabinet, approving it first", async () => {
    const order = await newOrder();
    const paymeId = randomBytes(12).toString("hex");
    madeUpPaymeId = paymeId;
    const { testKey } = sandboxPaymeCredentials(APP_SECRET);
    const call = (method: string, params: Record<string, unknown>) =>
      fetch(`${app.url}/api/payme`, {
        method: "POST",
        headers: { authorization: `Basic ${Buffer.from(`Paycom:${testKey}`).toString("base64")}` },
        body: JSON.stringify({ id: 1, method, params }),
      }).then((response) => response.json());
    await call("CreateTransaction", { id: paymeId, time: Date.now(), amount: Number(order.amount), account: { order_id: String(order.number) } });
    await call("PerformTransaction", { id: paymeId });
    const ledger = await sql.get<{ id: number }>(`SELECT "id" FROM "LedgerEntry" WHERE "reference" = ?`, [paymeId]);
    const answer = await act("refundAction", `/admin/orders/${order.number}`, { order: String(order.number), ledger: String(ledger!.id) });
    expect(answer).toContain('"ok":false');
    expect(answer).toContain("оформите возврат в кабинете Payme");
    const approved = await sql.get<{ refundApprovedAt: unknown }>(`SELECT "refundApprovedAt" FROM "LedgerEntry" WHERE "id" = ?`, [ledger!.id]);
    expect(approved?.refundApprovedAt).toBeTruthy();
  });

  it("confirms a hold from the admin: the order becomes paid", async () => {
    const order = await newOrder();
    const receipt = await payWithCard(order.id, true);
    expect(receipt.state).toBe(5);
    expect((await orderRow(order.number)).status).toBe("authorized");
    const page = await (await fetch(`${app.url}/admin/orders/${order.number}`, { headers: { cookie } })).text();
    expect(page).toContain("Холд Payme");
    expect(page).toContain(`Чек Payme ${receipt.id}`);

    const answer = await act("holdAction", `/admin/orders/${order.number}`, { order: String(order.number), how: "confirm" });
    expect(answer).toContain('"ok":true');
    expect(answer).toContain("Холд списан");
    expect(await eventually(order.number, "paid")).toEqual({ status: "paid", paid: order.amount, refunded: 0n });
    expect(await sql.get(`SELECT "orderNumber" FROM "Reservation" WHERE "orderNumber" = ?`, [order.number])).toBeUndefined();
  });

  it("releases a hold from the admin: the order is payable again", async () => {
    const order = await newOrder();
    await payWithCard(order.id, true);
    const answer = await act("holdAction", `/admin/orders/${order.number}`, { order: String(order.number), how: "cancel" });
    expect(answer).toContain('"ok":true');
    expect((await eventually(order.number, "pending")).status).toBe("pending");
    const audit = await sql.all<{ action: string }>(`SELECT "action" FROM "AuditLog" WHERE "target" = ?`, [`order:${order.number}`]);
    expect(audit.map((entry) => entry.action)).toEqual(["payme.hold_cancel"]);
  });

  it("re-sends the invoice by SMS through Payme", async () => {
    const order = await newOrder();
    const answer = await act("resendInvoiceAction", `/admin/orders/${order.number}`, { order: String(order.number) });
    expect(answer).toContain("Payme отправил счёт по SMS.");
    const receipt = await sql.get<{ invoicePhone: string }>(`SELECT "invoicePhone" FROM "PaymeReceipt" WHERE "orderNumber" = ?`, [order.number]);
    expect(receipt?.invoicePhone).toBe("+998971112233");
  });

  it("reconciles the ledger with Payme's receipts and finds the differences injected into the emulator", async () => {
    const day = tashkentDay();
    const query = `provider=payme&from=${day}&to=${day}`;
    const clean = await (await fetch(`${app.url}/admin/reconciliation/export?${query}`, { headers: { cookie } })).text();
    const cleanLines = clean.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(cleanLines[0]).toBe("result,provider,reference,order,our_paid_tiyin,our_refunded_tiyin,provider_amount_tiyin,provider_state,provider_raw_state,our_time,provider_time");
    // No difference so far: the payment the hosted-checkout test made up is no receipt, so
    // receipts.get_all cannot list it, and without a statement it is only "not checkable".
    expect(cleanLines.slice(1).filter((line) => !line.startsWith("match,"))).toEqual([expect.stringMatching(new RegExp(`^not_checkable,payme,${madeUpPaymeId},`))]);
    expect(cleanLines.filter((line) => line.startsWith("match,")).length).toBeGreaterThanOrEqual(2);

    // The emulator's own records: one paid receipt's amount changed, one paid receipt we never heard of.
    const emulator = new Database(join(app.dataDir, "sandbox.db"), { timeout: 10_000 });
    try {
      const paid = emulator.prepare(`SELECT id, body FROM payme_subscribe_receipt WHERE state = 4 ORDER BY create_time LIMIT 1`).get() as { id: string; body: string };
      const body = JSON.parse(paid.body) as { amount: number; _id: string };
      emulator.prepare(`UPDATE payme_subscribe_receipt SET body = ? WHERE id = ?`).run(JSON.stringify({ ...body, amount: body.amount + 100 }), paid.id);
      const strangerId = randomBytes(12).toString("hex");
      const row = emulator.prepare(`SELECT * FROM payme_subscribe_receipt WHERE id = ?`).get(paid.id) as Record<string, unknown>;
      emulator
        .prepare(`INSERT INTO payme_subscribe_receipt (${Object.keys(row).join(", ")}) VALUES (${Object.keys(row).map(() => "?").join(", ")})`)
        .run(...Object.values({ ...row, id: strangerId, body: JSON.stringify({ ...body, _id: strangerId, amount: 777_700 }) }));

      const page = await (await fetch(`${app.url}/admin/reconciliation?${query}`, { headers: { cookie } })).text();
      expect(page).toContain("Расхождений: 2.");
      const csv = await fetch(`${app.url}/admin/reconciliation/export?${query}`, { headers: { cookie } });
      expect(csv.headers.get("content-type")).toContain("text/csv");
      const lines = (await csv.text()).split("\r\n");
      expect(lines.find((line) => line.includes(paid.id))).toMatch(/^amount_mismatch,payme,/);
      expect(lines.find((line) => line.includes(strangerId))).toMatch(/^missing_in_ledger,payme,[0-9a-f]+,\d*,,,777700,paid,4,/);
    } finally {
      emulator.close();
    }
  });
});
