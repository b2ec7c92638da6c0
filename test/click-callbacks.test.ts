// Click's SHOP API callbacks against the running store (docs/protocols/click.md, issue 11):
// every error code -1 … -9, amounts `15000` and `15000.00`, cancel via Complete, a Complete
// after the window, duplicates, and on PostgreSQL concurrent duplicates split across two store
// processes on one database (exactly one payment). Then the emulator's pay page end to end:
// emulator → the store's callbacks → order paid. Signatures are computed here with node:crypto
// from the protocol's formula, not with the store's code.
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";
import { createOrder, orderView, startPaymeStores, StoreDatabase, type PaymeStore, type StoreOrder } from "./helpers/payme";

const kind = testDatabaseKind();
const INSTANCES = kind === "postgresql" ? 2 : 1;
const BURST = 24;

const SERVICE_ID = "31001";
const MERCHANT_ID = "42002";
const MERCHANT_USER_ID = "53003";
const SECRET = `click-secret-${randomBytes(8).toString("hex")}`;
const CLICK_ENV = { CLICK_SERVICE_ID: SERVICE_ID, CLICK_MERCHANT_ID: MERCHANT_ID, CLICK_MERCHANT_USER_ID: MERCHANT_USER_ID, CLICK_SECRET_KEY: SECRET };

type Answer = {
  click_trans_id: number | null;
  merchant_trans_id: string | null;
  merchant_prepare_id?: number | string | null;
  merchant_confirm_id?: number | string | null;
  error: number;
  error_note: string;
};
type Raw = { status: number; text: string; body: Answer };

const md5 = (text: string) => createHash("md5").update(text, "utf8").digest("hex");
let nextTransId = 7_000_000_000n + BigInt(Date.now() % 1_000_000) * 1000n;
const newTransId = () => String(nextTransId++);
const signTime = () => new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");

/** Sum as Click sends it: `N.NN`, or whole sum without decimals (`15000`). */
const sum = (tiyin: string | bigint, style: "decimal" | "integer" = "decimal") => {
  const value = BigInt(tiyin);
  if (style === "integer") {
    expect(value % 100n).toBe(0n);
    return String(value / 100n);
  }
  return `${value / 100n}.${String(value % 100n).padStart(2, "0")}`;
};

type PrepareFields = { click_trans_id: string; merchant_trans_id: string; amount: string; action?: string; error?: string; service_id?: string; click_paydoc_id?: string };

function prepareFields(input: PrepareFields, secret = SECRET): Record<string, string> {
  const fields = {
    click_trans_id: input.click_trans_id,
    service_id: input.service_id ?? SERVICE_ID,
    click_paydoc_id: input.click_paydoc_id ?? String(BigInt(input.click_trans_id) + 5n),
    merchant_trans_id: input.merchant_trans_id,
    amount: input.amount,
    action: input.action ?? "0",
    error: input.error ?? "0",
    error_note: "Success",
    sign_time: signTime(),
  };
  const sign = md5(fields.click_trans_id + fields.service_id + secret + fields.merchant_trans_id + fields.amount + fields.action + fields.sign_time);
  return { ...fields, sign_string: sign };
}

function completeFields(input: PrepareFields & { merchant_prepare_id: string }, secret = SECRET): Record<string, string> {
  const fields = {
    click_trans_id: input.click_trans_id,
    service_id: input.service_id ?? SERVICE_ID,
    click_paydoc_id: input.click_paydoc_id ?? String(BigInt(input.click_trans_id) + 5n),
    merchant_trans_id: input.merchant_trans_id,
    merchant_prepare_id: input.merchant_prepare_id,
    amount: input.amount,
    action: input.action ?? "1",
    error: input.error ?? "0",
    error_note: input.error && input.error !== "0" ? "Card declined" : "Success",
    sign_time: signTime(),
  };
  const sign = md5(
    fields.click_trans_id + fields.service_id + secret + fields.merchant_trans_id + fields.merchant_prepare_id + fields.amount + fields.action + fields.sign_time,
  );
  return { ...fields, sign_string: sign };
}

async function post(url: string, body: string, contentType = "application/x-www-form-urlencoded", method = "POST"): Promise<Raw> {
  const response = await fetch(url, { method, headers: { "content-type": contentType }, body: method === "GET" ? undefined : body });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(text).not.toMatch(/stack|Error:|at \//);
  return { status: response.status, text, body: JSON.parse(text) as Answer };
}

describe(`Click SHOP API on ${kind}, ${INSTANCES} store process(es) on one database`, () => {
  let database: FreshDatabase;
  let stores: PaymeStore[];
  let db: StoreDatabase;
  const url = (endpoint: "prepare" | "complete", instance = 0) => `${stores[instance % stores.length]!.app.url}/api/click/${endpoint}`;
  const prepare = (fields: Record<string, string>, instance = 0) => post(url("prepare", instance), new URLSearchParams(fields).toString());
  const complete = (fields: Record<string, string>, instance = 0) => post(url("complete", instance), new URLSearchParams(fields).toString());

  const attempts = (orderNumber: string) =>
    db.sql.all<{ clickTransId: string; state: string; completeError: number | null }>(
      `SELECT "clickTransId", "state", "completeError" FROM "ClickPrepare" WHERE "orderNumber" = ? ORDER BY "id"`,
      [Number(orderNumber)],
    );
  /** The window passed: the Prepare's reservation lapsed (what 30 minutes would do). */
  const lapseWindow = async (orderNumber: string) => {
    const changed = await db.run(`UPDATE "Reservation" SET "expiresAt" = ? WHERE "orderNumber" = ? AND "provider" = 'click'`, [BigInt(Date.now() - 1_000), Number(orderNumber)]);
    expect(changed.changes).toBe(1);
  };

  /** A successful Prepare for the whole order; returns the request fields and our merchant_prepare_id. */
  async function prepared(order: StoreOrder, style: "decimal" | "integer" = "decimal") {
    const fields = { click_trans_id: newTransId(), merchant_trans_id: order.number, amount: sum(order.amount, style) };
    const answer = await prepare(prepareFields(fields));
    expect(answer.body).toMatchObject({ error: 0, error_note: "Success", merchant_trans_id: order.number });
    expect(answer.text).toContain(`"click_trans_id":${fields.click_trans_id}`);
    return { fields, prepareId: String(answer.body.merchant_prepare_id) };
  }

  beforeAll(async () => {
    database = await freshDatabase(kind);
    stores = await startPaymeStores(database, INSTANCES, CLICK_ENV);
    db = new StoreDatabase(database.url, stores[0]!.appSecret);
  });

  afterAll(async () => {
    await db?.close();
    await Promise.all((stores ?? []).map((store) => store.app.stop()));
    await database?.drop();
  });

  it("-8: non-POST, wrong content type, missing fields, non-numeric and huge ids — nothing written", async () => {
    const order = await createOrder(stores[0]!.app.url);
    const good = prepareFields({ click_trans_id: newTransId(), merchant_trans_id: order.number, amount: sum(order.amount) });
    const bad: Raw[] = [
      await post(url("prepare"), "", "application/x-www-form-urlencoded", "GET"),
      await post(url("prepare"), "<xml/>", "application/xml"),
      await prepare({ ...good, click_trans_id: "" }),
      await prepare(Object.fromEntries(Object.entries(good).filter(([name]) => name !== "sign_time"))),
      await prepare({ ...good, click_trans_id: "12ab" }),
      await prepare({ ...good, click_paydoc_id: "9".repeat(40) }),
      await post(url("prepare"), "{not json", "application/json"),
      await post(url("complete"), new URLSearchParams({ ...good, action: "1" }).toString()), // no merchant_prepare_id
    ];
    for (const answer of bad) expect(answer.body.error, answer.text).toBe(-8);
    expect(await db.count("ClickPrepare")).toBe(0);
    expect(await db.reservation(order.number)).toBeUndefined();
  });

  it("-1 bad signature or another service, -3 wrong action, -2 wrong amount, -5 unknown order", async () => {
    const order = await createOrder(stores[0]!.app.url);
    const base = { click_trans_id: newTransId(), merchant_trans_id: order.number, amount: sum(order.amount) };
    expect((await prepare(prepareFields(base, "wrong-secret"))).body.error).toBe(-1);
    expect((await prepare({ ...prepareFields(base), sign_string: "0".repeat(32) })).body.error).toBe(-1);
    expect((await prepare(prepareFields({ ...base, service_id: "99999" }))).body.error).toBe(-1);
    expect((await prepare(prepareFields({ ...base, action: "1" }))).body.error).toBe(-3);
    expect((await prepare(prepareFields({ ...base, action: "7" }))).body.error).toBe(-3);
    expect((await prepare(prepareFields({ ...base, amount: sum(BigInt(order.amount) - 100n) }))).body.error).toBe(-2);
    expect((await prepare(prepareFields({ ...base, amount: "1e5" }))).body.error).toBe(-2);
    const unknown = await prepare(prepareFields({ ...base, merchant_trans_id: "987654321" }));
    expect(unknown.body).toMatchObject({ error: -5, merchant_trans_id: "987654321", merchant_prepare_id: null });
    expect((await prepare(prepareFields({ ...base, merchant_trans_id: "ORDER-1" }))).body.error).toBe(-5);
    expect(await attempts(order.number)).toEqual([]);
    expect((await orderView(stores[0]!.app.url, order.id)).status).toBe("pending");
  });

  it("Prepare with `15000`, Complete with `15000.00`: one payment, order paid, repeats get the stored answers", async () => {
    const app = stores[0]!.app.url;
    const order = await createOrder(app);
    const { fields, prepareId } = await prepared(order, "integer");
    expect(await db.reservation(order.number)).toMatchObject({ provider: "click", kind: "click_prepare", reference: fields.click_trans_id });
    expect((await orderView(app, order.id)).status).toBe("processing");
    // The same Prepare again: the stored answer, no second record.
    const again = await prepare(prepareFields(fields));
    expect(again.body).toMatchObject({ error: 0, merchant_prepare_id: Number(prepareId) });

    const done = await complete(completeFields({ ...fields, amount: sum(order.amount, "decimal"), merchant_prepare_id: prepareId }));
    expect(done.body).toMatchObject({ error: 0, merchant_trans_id: order.number });
    expect(done.body.merchant_confirm_id).not.toBeNull();
    expect(done.text).not.toContain("merchant_prepare_id");
    const view = await orderView(app, order.id);
    expect(view).toMatchObject({ status: "paid", paidAmount: order.amount });
    expect(view.payments).toMatchObject([{ kind: "payment", provider: "click", reference: fields.click_trans_id, amount: order.amount }]);
    expect(await db.reservation(order.number)).toBeUndefined();
    expect(await db.eventTypes(order.number)).toEqual(["payment.received", "order.paid"]);

    // A repeated Complete of the same transaction: the stored success, nothing new.
    const repeat = await complete(completeFields({ ...fields, amount: sum(order.amount, "integer"), merchant_prepare_id: prepareId }));
    expect(repeat.body).toEqual(done.body);
    expect(await db.ledger(order.number)).toHaveLength(1);
    // -4: another transaction on the paid order.
    const other = await prepare(prepareFields({ click_trans_id: newTransId(), merchant_trans_id: order.number, amount: sum(order.amount) }));
    expect(other.body.error).toBe(-4);
    // -6: a Complete whose merchant_prepare_id we never gave.
    const unknown = await complete(completeFields({ ...fields, click_trans_id: newTransId(), amount: sum(order.amount), merchant_prepare_id: "999999" }));
    expect(unknown.body.error).toBe(-6);
    expect((await complete(completeFields({ ...fields, amount: sum(order.amount), merchant_prepare_id: "999999" }))).body.error).toBe(-6);
  });

  it("-2 on a Complete with another amount than its Prepare's (nothing decided); -9 for Complete with Click's error, releasing the order", async () => {
    const app = stores[0]!.app.url;
    const order = await createOrder(app);
    const { fields, prepareId } = await prepared(order);
    const wrongAmount = await complete(completeFields({ ...fields, amount: sum(BigInt(order.amount) + 100n), merchant_prepare_id: prepareId }));
    expect(wrongAmount.body.error).toBe(-2);
    expect(await attempts(order.number)).toMatchObject([{ state: "prepared" }]);

    const cancelled = await complete(completeFields({ ...fields, error: "-5017", merchant_prepare_id: prepareId }));
    expect(cancelled.body).toMatchObject({ error: -9, error_note: "Transaction cancelled", merchant_confirm_id: null });
    expect(await db.reservation(order.number)).toBeUndefined();
    expect(await attempts(order.number)).toMatchObject([{ state: "cancelled", completeError: -9 }]);
    const view = await orderView(app, order.id);
    expect(view).toMatchObject({ status: "pending", payable: true, paidAmount: "0" });
    // The cancelled transaction stays cancelled, even with a successful Complete afterwards.
    expect((await complete(completeFields({ ...fields, merchant_prepare_id: prepareId }))).body.error).toBe(-9);
    expect(await db.ledger(order.number)).toEqual([]);
  });

  it("a new Prepare replaces an uncompleted one; the replaced one's Complete gets -9", async () => {
    const app = stores[0]!.app.url;
    const order = await createOrder(app);
    const first = await prepared(order);
    const second = await prepared(order);
    expect(await db.reservation(order.number)).toMatchObject({ reference: second.fields.click_trans_id });
    expect((await complete(completeFields({ ...first.fields, merchant_prepare_id: first.prepareId }))).body.error).toBe(-9);
    expect((await complete(completeFields({ ...second.fields, merchant_prepare_id: second.prepareId }))).body.error).toBe(0);
    expect(await db.ledger(order.number)).toMatchObject([{ provider: "click", reference: second.fields.click_trans_id }]);
    expect(await attempts(order.number)).toMatchObject([{ state: "cancelled" }, { state: "confirmed", completeError: 0 }]);
  });

  it("a Complete after the window is accepted while the order is still payable", async () => {
    const app = stores[0]!.app.url;
    const order = await createOrder(app);
    const { fields, prepareId } = await prepared(order);
    await lapseWindow(order.number);
    expect((await orderView(app, order.id)).status).toBe("pending");
    const late = await complete(completeFields({ ...fields, merchant_prepare_id: prepareId }));
    expect(late.body.error).toBe(0);
    expect(await orderView(app, order.id)).toMatchObject({ status: "paid", paidAmount: order.amount });
  });

  it("after the window, a Complete refused when another Prepare holds the order (-9) or another one paid it (-4)", async () => {
    const app = stores[0]!.app.url;
    const order = await createOrder(app);
    const late = await prepared(order);
    await lapseWindow(order.number);
    const current = await prepared(order);
    expect((await complete(completeFields({ ...late.fields, merchant_prepare_id: late.prepareId }))).body.error).toBe(-9);

    const order2 = await createOrder(app);
    const stale = await prepared(order2);
    await lapseWindow(order2.number);
    const payer = await prepared(order2);
    expect((await complete(completeFields({ ...payer.fields, merchant_prepare_id: payer.prepareId }))).body.error).toBe(0);
    expect((await complete(completeFields({ ...stale.fields, merchant_prepare_id: stale.prepareId }))).body.error).toBe(-4);
    expect(await db.ledger(order2.number)).toHaveLength(1);
    // The first order is still held by its current Prepare.
    expect(await db.reservation(order.number)).toMatchObject({ reference: current.fields.click_trans_id });
  });

  it("-9 for a cancelled order", async () => {
    const order = await createOrder(stores[0]!.app.url);
    await db.setOrderColumn(order.number, "cancelledAt", new Date());
    const answer = await prepare(prepareFields({ click_trans_id: newTransId(), merchant_trans_id: order.number, amount: sum(order.amount) }));
    expect(answer.body.error).toBe(-9);
    expect(await attempts(order.number)).toEqual([]);
  });

  it(`${BURST} simultaneous duplicates of Prepare, then of Complete, across ${INSTANCES} instance(s): one record, one payment, equal answers`, async () => {
    const app = stores[0]!.app.url;
    const order = await createOrder(app);
    const fields = { click_trans_id: newTransId(), merchant_trans_id: order.number, amount: sum(order.amount) };
    const prepares = await Promise.all(Array.from({ length: BURST }, (_unused, index) => prepare(prepareFields(fields), index)));
    expect(new Set(prepares.map((answer) => answer.text)).size).toBe(1);
    expect(prepares[0]!.body.error).toBe(0);
    expect(await attempts(order.number)).toHaveLength(1);
    const prepareId = String(prepares[0]!.body.merchant_prepare_id);

    const completes = await Promise.all(
      Array.from({ length: BURST }, (_unused, index) => complete(completeFields({ ...fields, merchant_prepare_id: prepareId }), index)),
    );
    expect(new Set(completes.map((answer) => answer.text)).size).toBe(1);
    expect(completes[0]!.body.error).toBe(0);
    expect(await db.ledger(order.number)).toEqual([{ kind: "payment", provider: "click", reference: fields.click_trans_id, amount: BigInt(order.amount) }]);
    expect(await db.eventTypes(order.number)).toEqual(["payment.received", "order.paid"]);
    expect(await db.order(order.number)).toMatchObject({ status: "paid", paidAmount: BigInt(order.amount) });
  });

  it("different transactions' Prepares at once for one order (a shopper retrying on two devices): each answered 0 or -9, never -7; one holds the order", async () => {
    const app = stores[0]!.app.url;
    const order = await createOrder(app);
    const many = Array.from({ length: 8 }, () => ({ click_trans_id: newTransId(), merchant_trans_id: order.number, amount: sum(order.amount) }));
    const answers = await Promise.all(many.map((fields, index) => prepare(prepareFields(fields), index)));
    for (const answer of answers) expect([0, -9], answer.text).toContain(answer.body.error);
    const holder = await db.reservation(order.number);
    expect(holder).toMatchObject({ provider: "click", kind: "click_prepare" });
    const rows = await attempts(order.number);
    expect(rows.filter((row) => row.state === "prepared").map((row) => row.clickTransId)).toEqual([holder!.reference]);
  });

  let paidThroughEmulator: StoreOrder | undefined;
  let emulatorFlowStart = new Date();

  it("the emulator's pay page end to end: pay link → page → Prepare/Complete to the store → order paid; decline leaves it payable", async () => {
    emulatorFlowStart = new Date(Date.now() - 1_000);
    const app = stores[0]!.app.url;
    const order = await createOrder(app);
    const linkAnswer = await fetch(`${app}/api/orders/${order.id}/payments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: "click" }),
    });
    const request = (await linkAnswer.json()) as { provider: string; url: string; form: { action: string; method: string; fields: Record<string, string> } };
    expect(linkAnswer.status, JSON.stringify(request)).toBe(200);
    const link = new URL(request.url);
    expect(link.origin).toBe(`http://127.0.0.1:${stores[0]!.app.port + 1}`);
    expect(link.pathname).toBe("/click/services/pay");
    expect(Object.fromEntries(link.searchParams)).toMatchObject({
      service_id: SERVICE_ID,
      merchant_id: MERCHANT_ID,
      amount: sum(order.amount),
      transaction_param: order.number,
      return_url: `${app}/orders/${order.id}?lang=ru&click=return`,
    });
    expect(request.form).toMatchObject({ method: "GET", action: `${link.origin}/click/services/pay`, fields: { transaction_param: order.number } });

    // First the failure path: a declined card leaves the order payable.
    const payPage = async () => {
      const opened = await fetch(request.url, { redirect: "manual" });
      expect(opened.status).toBe(303);
      return new URL(opened.headers.get("location")!, link.origin);
    };
    const declinedPage = await payPage();
    const declined = await fetch(`${declinedPage.origin}${declinedPage.pathname}/decline`, { method: "POST", body: new URLSearchParams({ lang: "en" }), redirect: "manual" });
    expect(declined.status).toBe(303);
    expect(await orderView(app, order.id)).toMatchObject({ status: "pending", payable: true });

    const page = await payPage();
    const shown = await fetch(page);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('data-testid="click-pay"');
    const paid = await fetch(`${page.origin}${page.pathname}/pay`, { method: "POST", body: new URLSearchParams({ lang: "en" }), redirect: "manual" });
    expect(paid.status).toBe(303);
    const view = await orderView(app, order.id);
    expect(view).toMatchObject({ status: "paid", paidAmount: order.amount });
    expect(view.payments).toMatchObject([{ provider: "click", amount: order.amount }]);
    expect(await attempts(order.number)).toMatchObject([{ state: "cancelled", completeError: -9 }, { state: "confirmed", completeError: 0 }]);
    paidThroughEmulator = order;
    // Paid: the payments endpoint now refuses.
    const again = await fetch(`${app}/api/orders/${order.id}/payments`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ provider: "click" }) });
    expect(again.status).toBe(409);
  });

  it("the admin's refund by reversal: the emulator's Merchant API reverses, the ledger records the refund once", async () => {
    const order = paidThroughEmulator!;
    expect(order).toBeDefined();
    // The registry's refund runs in the store's process; here it runs in the test's, on the same
    // database, with the store's APP_SECRET and addresses: in sandbox mode the Merchant API base
    // is the sandbox's `/click/v2/merchant` (no CLICK_API_URL given).
    process.env.APP_SECRET = stores[0]!.appSecret;
    process.env.DATABASE_URL = database.url;
    process.env.PUBLIC_URL = stores[0]!.app.url;
    process.env.SANDBOX_PORT = String(stores[0]!.app.port + 1);
    delete process.env.CLICK_API_URL;
    const { resetEnvCache } = await import("@/lib/env");
    resetEnvCache();
    const { clickAttempts, clickReconciliationSource, refundClickPayment } = await import("@/lib/payments/click/store-entry");
    // The admin order page's attempts: the declined one, then the paid one, newest first.
    const listed = await clickAttempts(db.sql, Number(order.number));
    expect(listed.map((attempt) => [attempt.provider, attempt.state, attempt.amount])).toEqual([
      ["click", "confirmed", BigInt(order.amount)],
      ["click", "cancelled", BigInt(order.amount)],
    ]);
    expect(listed[0]!.history.map((step) => step.state)).toEqual(["prepared", "confirmed"]);
    // Reconciliation: Click's payment/status per Prepare of the period (the emulator's flow only).
    const source = await clickReconciliationSource(db.sql);
    const report = await source!.fetchRecords({ from: emulatorFlowStart, to: new Date(Date.now() + 60_000) });
    expect(report.ok).toBe(true);
    const paidReference = listed[0]!.reference;
    expect(report.ok && report.records.find((record) => record.reference === paidReference)).toMatchObject({ state: "paid", amount: BigInt(order.amount) });
    const entry = await db.sql.get<{ id: number }>(`SELECT "id" FROM "LedgerEntry" WHERE "orderNumber" = ? AND "kind" = 'payment'`, [Number(order.number)]);
    const input = { sql: db.sql, ip: "127.0.0.1", orderNumber: Number(order.number), ledgerId: Number(entry!.id) };
    expect(await refundClickPayment(input)).toEqual({ ok: true, state: "reversed" });
    const view = await orderView(stores[0]!.app.url, order.id);
    expect(view).toMatchObject({ status: "refunded", paidAmount: order.amount, refundedAmount: order.amount });
    expect(view.payments.map((payment) => payment.kind)).toEqual(["payment", "refund"]);
    expect(await refundClickPayment(input)).toEqual({ ok: false, reason: "already_refunded" });
    expect(await db.ledger(order.number)).toHaveLength(2);

    // Had the reversal's answer been lost (nothing written here), asking again must not reverse
    // twice nor flag "refund by hand": Click's payment/status says it is no longer successful.
    await db.run(`DELETE FROM "LedgerEntry" WHERE "orderNumber" = ? AND "kind" = 'refund'`, [Number(order.number)]);
    await db.run(`UPDATE "Order" SET "refundedAmount" = 0, "status" = 'paid' WHERE "number" = ?`, [Number(order.number)]);
    expect(await refundClickPayment(input)).toMatchObject({ ok: false, reason: "provider_error", code: -2 });
    const flag = await db.sql.get<{ refundByHandAt: unknown }>(`SELECT "refundByHandAt" FROM "LedgerEntry" WHERE "id" = ?`, [input.ledgerId]);
    expect(flag?.refundByHandAt ?? null).toBeNull();
  });

  /** A paid order through signed Prepare/Complete (Click's payment ids unknown to the emulator). */
  async function paidByCallbacks(): Promise<{ order: StoreOrder; ledgerId: number; clickTransId: string }> {
    const order = await createOrder(stores[0]!.app.url);
    const { fields, prepareId } = await prepared(order);
    const done = await complete(completeFields({ ...fields, merchant_prepare_id: prepareId }));
    expect(done.body.error).toBe(0);
    const entry = await db.sql.get<{ id: number }>(`SELECT "id" FROM "LedgerEntry" WHERE "orderNumber" = ? AND "kind" = 'payment'`, [Number(order.number)]);
    return { order, ledgerId: Number(entry!.id), clickTransId: fields.click_trans_id };
  }

  it("refund by reversal impossible or refused: the payment is flagged refund by hand (reason, time), nothing refunded until the admin records it", async () => {
    const { refundClickPayment } = await import("@/lib/payments/click/store-entry");
    const { recordRefundByHand } = await import("@/lib/admin/orders/order-actions");
    // Paid last month (Tashkent): Click reverses only in the payment's month — no call to Click.
    const old = await paidByCallbacks();
    await db.run(`UPDATE "LedgerEntry" SET "at" = ? WHERE "id" = ?`, [new Date(Date.now() - 40 * 86_400_000), old.ledgerId]);
    const oldInput = { sql: db.sql, ip: "127.0.0.1", orderNumber: Number(old.order.number), ledgerId: old.ledgerId };
    expect(await refundClickPayment(oldInput)).toEqual({ ok: false, reason: "refund_by_hand", why: "click_past_month" });
    const flagged = await db.sql.get<{ refundByHandReason: string; refundByHandAt: unknown }>(
      `SELECT "refundByHandReason", "refundByHandAt" FROM "LedgerEntry" WHERE "id" = ?`,
      [old.ledgerId],
    );
    expect(flagged).toMatchObject({ refundByHandReason: "click_past_month" });
    expect(flagged!.refundByHandAt).not.toBeNull();
    expect((await orderView(stores[0]!.app.url, old.order.id)).status).toBe("paid");
    // Asked again: the flag stands, Click is not asked.
    expect(await refundClickPayment(oldInput)).toEqual({ ok: false, reason: "refund_by_hand", why: "click_past_month" });
    // The admin returns the money by hand and records it: the order is refunded, the ledger balances.
    const amount = BigInt(old.order.amount);
    expect(await recordRefundByHand(db.sql, { orderNumber: oldInput.orderNumber, ledgerId: old.ledgerId, amount: amount + 1n, seenRefunds: 0 })).toEqual({ ok: false, reason: "exceeds_paid" });
    expect(await recordRefundByHand(db.sql, { orderNumber: oldInput.orderNumber, ledgerId: old.ledgerId, amount, seenRefunds: 0 })).toMatchObject({ ok: true, changed: true });
    const view = await orderView(stores[0]!.app.url, old.order.id);
    expect(view).toMatchObject({ status: "refunded", paidAmount: old.order.amount, refundedAmount: old.order.amount });
    expect(await refundClickPayment(oldInput)).toEqual({ ok: false, reason: "already_refunded" });

    // This month, but Click refuses (the emulator knows no such payment_id): flagged with Click's code.
    const refused = await paidByCallbacks();
    const outcome = await refundClickPayment({ ...oldInput, orderNumber: Number(refused.order.number), ledgerId: refused.ledgerId });
    expect(outcome).toMatchObject({ ok: false, reason: "refund_by_hand", why: expect.stringMatching(/^click_refused:-\d+$/) });
    expect((await orderView(stores[0]!.app.url, refused.order.id)).status).toBe("paid");
  });

  it("pay by phone: an invoice to the order's own phone under the link limits, confirmed in the emulator's app page → callbacks → order paid; rejection shown", async () => {
    const app = stores[0]!.app.url;
    const sandbox = `http://127.0.0.1:${stores[0]!.app.port + 1}`;
    const phone = `+99890${String(Date.now()).slice(-7)}`;
    const placed = async (customer?: { phone: string }) => {
      const response = await fetch(`${app}/api/orders`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ items: [{ sku: "KAZAN-8L", quantity: 1 }], ...(customer ? { customer } : {}) }),
      });
      expect(response.status).toBe(201);
      return (await response.json()) as StoreOrder;
    };
    const invoice = (body: unknown) =>
      fetch(`${app}/api/click/invoice`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const status = async (orderId: string, handle: string) => {
      const response = await fetch(`${app}/api/click/invoice/status?${new URLSearchParams({ orderId, invoice: handle })}`);
      return { status: response.status, body: (await response.json()) as { ok: boolean; state?: string; orderPaid?: boolean; reason?: string } };
    };
    const appInvoices = async () => {
      const page = await (await fetch(`${sandbox}/click/app?phone=${phone.slice(1)}&lang=en`)).text();
      return [...page.matchAll(/href="(\/click\/app\/invoices\/[0-9a-f]{32})\?lang=en" data-testid="click-app-invoice" data-status="(-?\d+)" data-order="(\d+)"/g)].map((match) => ({
        path: match[1]!,
        status: Number(match[2]),
        order: match[3]!,
      }));
    };

    // No phone on the order: refused, and no number from the browser is ever taken.
    const noPhone = await placed();
    const refusedNoPhone = await invoice({ orderId: noPhone.id });
    expect(refusedNoPhone.status).toBe(400);
    expect(await refusedNoPhone.json()).toEqual({ ok: false, reason: "no_phone" });
    expect((await invoice({ orderId: noPhone.id, phone: "+998901112233" })).status).toBe(400);
    expect((await invoice({ orderId: "nope" })).status).toBe(404);

    const order = await placed({ phone });
    const sent = await invoice({ orderId: order.id });
    const created = (await sent.json()) as { ok: true; invoice: string; phone: string };
    expect(sent.status, JSON.stringify(created)).toBe(200);
    expect(created.phone).toBe(`+998 ** *** ${phone.slice(-4, -2)} ${phone.slice(-2)}`);
    // One invoice per order per minute (atomic: a burst gets exactly one more refusal each).
    const burst = await Promise.all([1, 2, 3].map(() => invoice({ orderId: order.id })));
    expect(burst.map((response) => response.status)).toEqual([429, 429, 429]);
    expect(Number(burst[0]!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await status(order.id, created.invoice)).toEqual({ status: 200, body: { ok: true, state: "pending", orderPaid: false } });
    // A forged or foreign handle names nothing.
    expect((await status(noPhone.id, created.invoice)).status).toBe(404);
    expect((await status(order.id, created.invoice.replace(/.$/, (c) => (c === "A" ? "B" : "A")))).status).toBe(404);

    // The phone's Click app lists the invoice for this order's outstanding sum; the shopper confirms.
    const listed = await appInvoices();
    expect(listed[0]).toMatchObject({ status: 0, order: order.number });
    const confirmed = await fetch(`${sandbox}${listed[0]!.path}/confirm`, { method: "POST", body: new URLSearchParams({ lang: "en" }), redirect: "manual" });
    expect(confirmed.status).toBe(303);
    expect(await orderView(app, order.id)).toMatchObject({ status: "paid", paidAmount: order.amount });
    expect(await status(order.id, created.invoice)).toEqual({ status: 200, body: { ok: true, state: "paid", orderPaid: true } });
    // Paid: no further invoice.
    await db.run(`DELETE FROM "RateLimitSlot" WHERE "key" LIKE 'click.invoice.order:%'`);
    expect((await invoice({ orderId: order.id })).status).toBe(409);

    // A second order on the same phone: the shopper rejects in the app; the page is told.
    const second = await placed({ phone });
    const secondSent = (await (await invoice({ orderId: second.id })).json()) as { invoice: string };
    const secondListed = (await appInvoices()).find((entry) => entry.order === second.number)!;
    await fetch(`${sandbox}${secondListed.path}/reject`, { method: "POST", body: new URLSearchParams({ lang: "en" }), redirect: "manual" });
    expect(await status(second.id, secondSent.invoice)).toEqual({ status: 200, body: { ok: true, state: "rejected", orderPaid: false } });
    expect(await orderView(app, second.id)).toMatchObject({ status: "pending", payable: true });
    // Three invoices per phone per hour, whatever the order.
    const third = await placed({ phone });
    expect((await invoice({ orderId: third.id })).status).toBe(200);
    const fourth = await placed({ phone });
    const over = await invoice({ orderId: fourth.id });
    expect(over.status).toBe(429);
    expect(await over.json()).toMatchObject({ ok: false, reason: "too_soon" });
  });

  // Last: it takes Click's table away for a moment.
  it("-7 when we fail to record (the table is unavailable), answered in Click's format; nothing half-written", async () => {
    const order = await createOrder(stores[0]!.app.url);
    await db.run(`ALTER TABLE "ClickPrepare" RENAME TO "ClickPrepareAway"`);
    try {
      const answer = await prepare(prepareFields({ click_trans_id: newTransId(), merchant_trans_id: order.number, amount: sum(order.amount) }));
      expect(answer.body.error).toBe(-7);
    } finally {
      await db.run(`ALTER TABLE "ClickPrepareAway" RENAME TO "ClickPrepare"`);
    }
    expect(await db.reservation(order.number)).toBeUndefined();
    expect((await orderView(stores[0]!.app.url, order.id)).status).toBe("pending");
  });
});
