// Reconciliation of a period with both kinds of Payme payment (issue 14, item 7), against the real
// store and its emulators: a card-form payment (a Subscribe receipt, listed by receipts.get_all)
// and a payment on Payme's hosted page (a Merchant API transaction, which no Payme API lists).
// Without a statement the hosted one is "not checkable here", never a difference; with the
// emulator cabinet's statement uploaded everything matches; a difference injected into the
// statement or into our ledger is found; bad uploads get a localized reason, never a 500.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSql, type SqlDatabase } from "@/lib/db/sql";
import type { ReceiptsContext } from "@/lib/payments/payme/receipts/context";
import { startApp, type App } from "./helpers/app";
import { createAdminSession } from "./helpers/admin";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";
import { getJson, postJson } from "./helpers/http";
import { payWithTestCard, runningStoreReceipts, WORKING_CARD } from "./helpers/test-card";

const kind = testDatabaseKind();
const ADMIN_PASSWORD = "reconciliation-admin-password-for-tests";
const APP_SECRET = "a-reconciliation-app-secret-of-at-least-32-characters";

/** The sandbox writes its token into DATA_DIR as it starts, which may finish just after the store answers. */
async function sandboxTokenOf(dataDir: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      return readFileSync(join(dataDir, "sandbox-token"), "utf8").trim();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

const tashkentDay = () => new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 10);

describe(`reconciliation with Payme's statement on ${kind}`, () => {
  let database: FreshDatabase;
  let app: App;
  let sql: SqlDatabase;
  let ctx: ReceiptsContext;
  let cookie: string;
  let sandboxUrl: string;
  let sandboxToken: string;
  let day: string;
  let cardReceiptId = "";
  let hostedId = "";

  async function newOrder(): Promise<{ id: string; number: number; amount: bigint }> {
    const created = await postJson(`${app.url}/api/orders`, { items: [{ sku: "RISHTAN-TEAPOT", quantity: 1 }], customer: { phone: "+998 97 111 22 33" } });
    expect(created.status).toBe(201);
    return { id: created.body.id, number: Number(created.body.number), amount: BigInt(created.body.amount) };
  }

  /** What the shopper does on Payme's hosted page: the store's POST form, the test card, the SMS code. */
  async function payOnHostedPage(orderId: string): Promise<void> {
    const request = await postJson(`${app.url}/api/orders/${orderId}/payments`, { provider: "payme" });
    expect(request.status).toBe(200);
    const { action, fields } = request.body.form as { action: string; fields: Record<string, string> };
    const opened = await fetch(action, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });
    expect(opened.status).toBe(303);
    const session = new URL(opened.headers.get("location")!, action).toString();
    const card = await fetch(`${session}/card`, { method: "POST", body: new URLSearchParams({ card: WORKING_CARD, expiry: "03/99" }), redirect: "manual" });
    expect(card.status).toBe(303);
    const code = await fetch(`${session}/verify`, { method: "POST", body: new URLSearchParams({ code: "666666" }), redirect: "manual" });
    expect(code.status).toBe(303);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const order = await getJson(`${app.url}/api/orders/${orderId}`);
      if (order.body.status === "paid") return;
      if (Date.now() > deadline) throw new Error(`the hosted payment did not complete: ${JSON.stringify(order.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** The emulator cabinet's "Export CSV" of today's transactions. */
  async function exportStatement(): Promise<string> {
    const response = await fetch(`${sandboxUrl}/payme/cabinet/statement?from=${day}&to=${day}`, { headers: { authorization: `Bearer ${sandboxToken}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    return response.text();
  }

  /** The reconciliation page's upload form; returns where the store sends the browser next. */
  async function upload(content: BlobPart, fileName = "payme-statement.csv", headers: Record<string, string> = { origin: app.url }): Promise<{ status: number; location: URL | null }> {
    const form = new FormData();
    form.set("provider", "payme");
    form.set("from", day);
    form.set("to", day);
    form.set("file", new Blob([content], { type: "text/csv" }), fileName);
    const response = await fetch(`${app.url}/admin/reconciliation/statement`, { method: "POST", body: form, headers: { cookie, ...headers }, redirect: "manual" });
    const location = response.headers.get("location");
    return { status: response.status, location: location ? new URL(location, app.url) : null };
  }

  /** The CSV export's lines (without the header) as `result,reference`. */
  async function reconcile(statement?: string): Promise<string[]> {
    const query = new URLSearchParams({ provider: "payme", from: day, to: day, ...(statement ? { statement } : {}) });
    const response = await fetch(`${app.url}/admin/reconciliation/export?${query}`, { headers: { cookie } });
    expect(response.status).toBe(200);
    const lines = (await response.text()).replace(/^\uFEFF/, "").trim().split("\r\n").slice(1);
    return lines.map((line) => line.split(",").slice(0, 3).filter((_, index) => index !== 1).join(",")).sort();
  }

  beforeAll(async () => {
    database = await freshDatabase(kind);
    app = await startApp({ databaseUrl: database.url, env: { ADMIN_PASSWORD, APP_SECRET, PAYMENTS_MODE: "sandbox" } });
    sql = createSql(database.url);
    ctx = runningStoreReceipts(sql, { port: app.port, url: app.url, databaseUrl: database.url, dataDir: app.dataDir, appSecret: APP_SECRET }).ctx;
    cookie = await createAdminSession(sql);
    sandboxUrl = `http://127.0.0.1:${app.port + 1}`;
    sandboxToken = await sandboxTokenOf(app.dataDir);
    day = tashkentDay();

    const cardOrder = await newOrder();
    cardReceiptId = (await payWithTestCard(ctx, cardOrder.id)).id;
    const hostedOrder = await newOrder();
    await payOnHostedPage(hostedOrder.id);
    const entry = await sql.get<{ reference: string }>(`SELECT "reference" FROM "LedgerEntry" WHERE "orderNumber" = ? AND "kind" = 'payment'`, [hostedOrder.number]);
    hostedId = entry!.reference;
  });

  afterAll(async () => {
    await sql?.close();
    await app?.stop();
    await database?.drop();
  });

  it("without a statement: the card payment matches, the hosted one is not checkable, no difference", async () => {
    expect(await reconcile()).toEqual([`match,${cardReceiptId}`, `not_checkable,${hostedId}`].sort());
    const page = await (await fetch(`${app.url}/admin/reconciliation?provider=payme&from=${day}&to=${day}`, { headers: { cookie } })).text();
    expect(page).toContain("Совпадений: 1. Расхождений: 0.");
    expect(page).toContain("Не проверить без выписки: 1");
    expect(page).toContain("не проверить здесь");
    expect(page).not.toContain("нет у провайдера");
  });

  it("with the emulator's statement uploaded: no difference at all", async () => {
    const statement = await exportStatement();
    expect(statement).toContain(hostedId);
    const uploaded = await upload(statement);
    expect(uploaded.status).toBe(303);
    const id = uploaded.location!.searchParams.get("statement")!;
    expect(id).toMatch(/^\d+$/);
    expect(await reconcile(id)).toEqual([`match,${cardReceiptId}`, `match,${hostedId}`].sort());
    const page = await (await fetch(uploaded.location!, { headers: { cookie } })).text();
    expect(page).toContain("Совпадений: 2. Расхождений: 0.");
    expect(page).toContain("payme-statement.csv");
  });

  it("finds a difference injected into the statement", async () => {
    const statement = await exportStatement();
    const hostedRow = statement.split("\r\n").find((line) => line.startsWith(hostedId))!;
    const cells = hostedRow.split(";");
    const stranger = ["0123456789abcdef01234567", cells[1], cells[2], "", "order_id: 999999", "7 777,00", "2", ""].join(";");
    const changed = statement.replace(hostedRow, cells.map((cell, index) => (index === 5 ? "1,00" : cell)).join(";")) + stranger + "\r\n";
    const uploaded = await upload(changed);
    const lines = await reconcile(uploaded.location!.searchParams.get("statement")!);
    expect(lines).toEqual([`amount_mismatch,${hostedId}`, `match,${cardReceiptId}`, "missing_in_ledger,0123456789abcdef01234567"].sort());

    // A statement without the hosted payment: it is missing at the provider.
    const without = statement.split("\r\n").filter((line) => !line.startsWith(hostedId)).join("\r\n");
    const second = await upload(without);
    expect(await reconcile(second.location!.searchParams.get("statement")!)).toEqual([`match,${cardReceiptId}`, `missing_at_provider,${hostedId}`].sort());
  });

  it("finds a difference injected into our ledger, on either kind of payment", async () => {
    const uploaded = await upload(await exportStatement());
    const id = uploaded.location!.searchParams.get("statement")!;
    const tamper = (reference: string, delta: number) =>
      sql.run(`UPDATE "LedgerEntry" SET "amount" = "amount" + ? WHERE "reference" = ? AND "kind" = 'payment'`, [delta, reference]);
    await tamper(hostedId, 100);
    try {
      expect(await reconcile(id)).toEqual([`amount_mismatch,${hostedId}`, `match,${cardReceiptId}`].sort());
    } finally {
      await tamper(hostedId, -100);
    }
    await tamper(cardReceiptId, 100);
    try {
      expect(await reconcile()).toEqual([`amount_mismatch,${cardReceiptId}`, `not_checkable,${hostedId}`].sort());
    } finally {
      await tamper(cardReceiptId, -100);
    }
    expect(await reconcile(id)).toEqual([`match,${cardReceiptId}`, `match,${hostedId}`].sort());
  });

  it("refuses bad files with a localized reason, cross-site uploads and oversized ones, never with a 500", async () => {
    const wrong = await upload("name;price\nteapot;100\n", "prices.csv");
    expect(wrong.status).toBe(303);
    expect(wrong.location!.searchParams.get("statementError")).toBe("columns");
    const page = await (await fetch(wrong.location!, { headers: { cookie } })).text();
    expect(page).toContain("Это не выписка транзакций Payme");

    const badRow = await upload("ID транзакции;Сумма;Состояние\nabc;сто;2\n");
    const english = await (await fetch(`${badRow.location!.toString()}&lang=en`, { headers: { cookie } })).text();
    expect(english).toContain("Line 2 of the statement could not be read: a wrong value in the column &quot;Сумма&quot;.");

    const empty = await upload("");
    expect(empty.location!.searchParams.get("statementError")).toBe("empty");

    const binary = await upload(new Uint8Array([0, 159, 146, 150, 255, 0, 1]));
    expect(binary.status).toBe(303);
    expect(binary.location!.searchParams.get("statementError")).toBe("columns");

    const large = await upload("x".repeat(3 * 1024 * 1024));
    expect(large.status).toBe(303);
    expect(large.location!.searchParams.get("statementError")).toBe("too_large");

    const crossSite = await upload("ID транзакции;Сумма;Состояние\n", "x.csv", { origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    const signedOut = await fetch(`${app.url}/admin/reconciliation/statement`, { method: "POST", body: new FormData(), headers: { origin: app.url }, redirect: "manual" });
    expect(signedOut.status).toBe(401);
    const notMultipart = await fetch(`${app.url}/admin/reconciliation/statement`, { method: "POST", body: "file=1", headers: { cookie, origin: app.url, "content-type": "application/x-www-form-urlencoded" }, redirect: "manual" });
    expect(notMultipart.status).toBe(303);
    const forged = await fetch(`${app.url}/admin/reconciliation/export?provider=payme&from=${day}&to=${day}&statement=abc`, { headers: { cookie } });
    expect(forged.status).toBe(400);

    const audit = await sql.all<{ outcome: string }>(`SELECT "outcome" FROM "AuditLog" WHERE "action" = 'reconciliation.statement'`);
    expect(audit.some((entry) => entry.outcome === "refused")).toBe(true);
    expect(audit.some((entry) => entry.outcome === "ok")).toBe(true);
  });
});
