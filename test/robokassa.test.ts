// Robokassa against the running store (issue 12): payment attempts from the payments endpoint,
// ResultURL notifications (valid, forged, repeated, concurrent — on PostgreSQL split across two
// store processes on one database, one of them answering through the Next.js route instead of
// server.ts's fast route), the Success/Fail returns, and the sandbox emulator's payment page end
// to end over HTTP. Notifications are signed here by hand from the protocol's formulas.
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canRefundPartially, refundLedgerPayment } from "@/lib/admin/provider-actions";
import { createSql, type SqlDatabase } from "@/lib/db/sql";
import { settleOrder } from "@/lib/orders/settlement";
import { pendingConfirmation } from "@/lib/payments/confirmation";
import { checkRobokassaConnection, robokassaReconciliationSource } from "@/lib/payments/robokassa/admin";
import { requestRobokassaRefund } from "@/lib/payments/robokassa/refunds";
import { writeSetting } from "@/lib/settings/settings";
import { startApp, type App } from "./helpers/app";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";
import { createOrder, orderView, type StoreOrder } from "./helpers/payme";

const kind = testDatabaseKind();
const INSTANCES = kind === "postgresql" ? 2 : 1;

const LOGIN = "tolov-test-shop";
const PASSWORD1 = `p1-${randomBytes(9).toString("base64url")}`;
const PASSWORD2 = `p2-${randomBytes(9).toString("base64url")}`;
const PASSWORD3 = `p3-${randomBytes(9).toString("base64url")}`;
const APP_SECRET = randomBytes(32).toString("base64url");

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

type PaymentRequest = { provider: string; url: string; form: { action: string; method: string; fields: Record<string, string> } };
type Answer = { status: number; text: string };

/** A ResultURL notification as Robokassa signs it: hash(OutSum:InvId:Password2:Shp_…), upper case. */
function notification(fields: { outSum: string; invId: string; order: string; password2?: string }): Record<string, string> {
  const signature = sha256(`${fields.outSum}:${fields.invId}:${fields.password2 ?? PASSWORD2}:Shp_order=${fields.order}`).toUpperCase();
  return { OutSum: fields.outSum, InvId: fields.invId, Fee: "0.390000", EMail: "", SignatureValue: signature, PaymentMethod: "BankCard", IsTest: "1", Shp_order: fields.order };
}

async function notify(app: App, fields: Record<string, string>, method: "POST" | "GET" = "POST"): Promise<Answer> {
  const body = new URLSearchParams(fields).toString();
  const response =
    method === "POST"
      ? await fetch(`${app.url}/api/robokassa/result`, { method, headers: { "content-type": "application/x-www-form-urlencoded" }, body })
      : await fetch(`${app.url}/api/robokassa/result?${body}`);
  const text = await response.text();
  expect(response.headers.get("content-type") ?? "", text).toMatch(/^text\/plain/);
  return { status: response.status, text };
}

async function payWithRobokassa(app: App, orderId: string): Promise<PaymentRequest> {
  const response = await fetch(`${app.url}/api/orders/${orderId}/payments`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ provider: "robokassa", lang: "en" }),
  });
  const body = (await response.json()) as PaymentRequest;
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body;
}

/** `123.45` → `123.450000`, as live notifications send it. */
function sixDecimals(outSum: string): string {
  const [units, fraction = ""] = outSum.split(".");
  return `${units}.${fraction.padEnd(6, "0")}`;
}

describe(`Robokassa on ${kind}, ${INSTANCES} store process(es) on one database`, () => {
  let database: FreshDatabase;
  let apps: App[];
  let sql: SqlDatabase;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    const env = {
      PAYMENTS_MODE: "sandbox",
      APP_SECRET,
      ADMIN_PASSWORD: `admin-${randomBytes(9).toString("base64url")}`,
      ROBOKASSA_LOGIN: LOGIN,
      ROBOKASSA_TEST_PASSWORD1: PASSWORD1,
      ROBOKASSA_TEST_PASSWORD2: PASSWORD2,
      ROBOKASSA_PASSWORD3: PASSWORD3,
      ROBOKASSA_HASH: "sha256",
    };
    const first = await startApp({ databaseUrl: database.url, env });
    // The second process answers ResultURL through the Next.js route (no fast route).
    const rest = await Promise.all(
      Array.from({ length: INSTANCES - 1 }, () => startApp({ databaseUrl: database.url, env: { ...env, TOLOV_ROBOKASSA_FAST_PATH: "off" } })),
    );
    apps = [first, ...rest];
    sql = createSql(database.url);
  });

  afterAll(async () => {
    await sql?.close();
    await Promise.all((apps ?? []).map((app) => app.stop()));
    await database?.drop();
  });

  const ledger = (order: StoreOrder) =>
    sql.all<{ kind: string; provider: string; reference: string; amount: bigint; refundOf: string | null }>(
      `SELECT "kind", "provider", "reference", "amount", "refundOf" FROM "LedgerEntry" WHERE "orderNumber" = ? ORDER BY "id"`,
      [Number(order.number)],
    );
  const eventTypes = async (order: StoreOrder) =>
    (await sql.all<{ type: string }>(`SELECT "type" FROM "OutboxEvent" WHERE "orderNumber" = ? ORDER BY "id"`, [Number(order.number)])).map((row) => row.type);
  const attempt = (invId: string) =>
    sql.get<{ orderNumber: number; amount: bigint; outSum: bigint | number; rate: string; rateSource: string }>(
      `SELECT "orderNumber", "amount", "outSum", "rate", "rateSource" FROM "RobokassaAttempt" WHERE "invId" = ?`,
      [Number(invId)],
    );

  it("stores an attempt and answers the signed form and link; an open attempt is shown again", async () => {
    const app = apps[0]!;
    const order = await createOrder(app.url);
    const request = await payWithRobokassa(app, order.id);
    const fields = request.form.fields;
    expect(request.provider).toBe("robokassa");
    expect(request.form).toMatchObject({ action: `http://127.0.0.1:${app.port + 1}/robokassa/Merchant/Index.aspx`, method: "POST" });
    expect(fields).toMatchObject({ MerchantLogin: LOGIN, IsTest: "1", Culture: "en", Shp_order: order.number, Description: `Payment for order #${order.number}` });
    expect(fields.InvId).toMatch(/^[1-9]\d*$/);
    expect(fields.OutSum).toMatch(/^\d+\.\d{2}$/);
    // Signed with the test Password1 over the Receipt encoded once.
    expect(fields.Shp_key).toMatch(/^[0-9a-f]{20}$/);
    expect(fields.SignatureValue).toBe(
      sha256(`${LOGIN}:${fields.OutSum}:${fields.InvId}:${fields.Receipt}:${PASSWORD1}:Shp_key=${fields.Shp_key}:Shp_order=${order.number}`),
    );
    const receipt = JSON.parse(decodeURIComponent(fields.Receipt!)) as { items: { sum: number }[] };
    expect(receipt.items.length).toBeGreaterThan(0);
    // GET link: the Receipt encoded a second time.
    expect(new URL(request.url).searchParams.get("Receipt")).toBe(fields.Receipt);

    const stored = await attempt(fields.InvId!);
    expect(stored).toMatchObject({ orderNumber: Number(order.number), amount: BigInt(order.amount), rateSource: "fallback" });
    expect(BigInt(stored!.outSum)).toBe(BigInt(fields.OutSum!.replace(".", "")));
    // OutSum = tiyin ÷ rate, rounded up to the kopek: never less than the order is worth.
    const kopeks = BigInt(fields.OutSum!.replace(".", ""));
    const [units, fraction = ""] = stored!.rate.split(".");
    const rateScaled = BigInt(units! + fraction);
    const scale = 10n ** BigInt(fraction.length);
    expect(kopeks * rateScaled).toBeGreaterThanOrEqual(BigInt(order.amount) * scale);
    expect((kopeks - 1n) * rateScaled).toBeLessThan(BigInt(order.amount) * scale);

    const again = await payWithRobokassa(apps[apps.length - 1]!, order.id);
    expect(again.form.fields.InvId).toBe(fields.InvId);
  });

  it("records a valid notification with a six-decimal OutSum once, through the settlement core; repeats answer OK again", async () => {
    const app = apps[0]!;
    const order = await createOrder(app.url);
    const { form } = await payWithRobokassa(app, order.id);
    const invId = form.fields.InvId!;
    const fields = notification({ outSum: sixDecimals(form.fields.OutSum!), invId, order: order.number });
    expect(fields.OutSum).toMatch(/^\d+\.\d{6}$/);

    expect(await notify(app, fields)).toEqual({ status: 200, text: `OK${invId}` });
    for (const target of apps) expect(await notify(target, fields, "GET")).toEqual({ status: 200, text: `OK${invId}` });
    expect(await notify(app, fields)).toEqual({ status: 200, text: `OK${invId}` });

    expect(await ledger(order)).toEqual([{ kind: "payment", provider: "robokassa", reference: invId, amount: BigInt(order.amount), refundOf: null }]);
    expect(await eventTypes(order)).toEqual(["payment.received", "order.paid"]);
    const view = await orderView(app.url, order.id);
    expect(view).toMatchObject({ status: "paid", paidAmount: order.amount, payable: false });
    expect(view.payments).toEqual([expect.objectContaining({ kind: "payment", provider: "robokassa", reference: invId, amount: order.amount })]);
  });

  it("refuses forged, unknown, wrong-amount and malformed notifications with a 4xx and changes nothing", async () => {
    const app = apps[apps.length - 1]!;
    const order = await createOrder(app.url);
    const { form } = await payWithRobokassa(app, order.id);
    const invId = form.fields.InvId!;
    const outSum = form.fields.OutSum!;

    const forged = notification({ outSum, invId, order: order.number, password2: "guessed" });
    expect(await notify(app, forged)).toEqual({ status: 403, text: "bad sign" });
    // The signature is checked over the values as received: a changed Shp_ breaks it.
    expect(await notify(app, { ...notification({ outSum, invId, order: order.number }), Shp_order: "1" })).toEqual({ status: 403, text: "bad sign" });
    expect(await notify(app, notification({ outSum, invId: "987654", order: order.number }))).toEqual({ status: 404, text: "unknown InvId" });
    const [rubles] = outSum.split(".");
    expect(await notify(app, notification({ outSum: `${BigInt(rubles!) + 1n}.00`, invId, order: order.number }))).toEqual({ status: 409, text: "wrong amount" });
    expect(await notify(app, notification({ outSum: "1.00", invId, order: order.number }), "GET")).toEqual({ status: 409, text: "wrong amount" });
    for (const junk of [{} as Record<string, string>, { OutSum: "abc", InvId: invId, SignatureValue: "zz" }, { InvId: "-1", OutSum: outSum, SignatureValue: "AB".repeat(16) }]) {
      const answer = await notify(app, junk);
      expect(answer.status, JSON.stringify(junk)).toBe(400);
    }
    const tooLarge = await fetch(`${app.url}/api/robokassa/result`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `x=${"a".repeat(40_000)}` });
    expect(tooLarge.status).toBe(413);

    expect(await ledger(order)).toEqual([]);
    expect(await eventTypes(order)).toEqual([]);
    expect(await orderView(app.url, order.id)).toMatchObject({ status: "pending", paidAmount: "0", payable: true });
  });

  it(`answers ${INSTANCES > 1 ? "concurrent notifications split across two processes" : "a burst of concurrent notifications"} with exactly one payment; interleaved forgeries change nothing`, async () => {
    const order = await createOrder(apps[0]!.url);
    const { form } = await payWithRobokassa(apps[0]!, order.id);
    const invId = form.fields.InvId!;
    const genuine = notification({ outSum: sixDecimals(form.fields.OutSum!), invId, order: order.number });
    const forged = notification({ outSum: form.fields.OutSum!, invId, order: order.number, password2: "nope" });
    const BURST = 40;
    const answers = await Promise.all(
      Array.from({ length: BURST }, (_unused, index) => {
        const app = apps[index % apps.length]!;
        return index % 5 === 4 ? notify(app, forged) : notify(app, genuine, index % 2 === 0 ? "POST" : "GET");
      }),
    );
    answers.forEach((answer, index) => {
      expect(answer, `call ${index}`).toEqual(index % 5 === 4 ? { status: 403, text: "bad sign" } : { status: 200, text: `OK${invId}` });
    });
    expect(await ledger(order)).toEqual([{ kind: "payment", provider: "robokassa", reference: invId, amount: BigInt(order.amount), refundOf: null }]);
    expect(await eventTypes(order)).toEqual(["payment.received", "order.paid"]);
  });

  it("an attempt priced before part of the order was paid records its own tiyin and flags the overpayment; the new outstanding gets a new InvId", async () => {
    const app = apps[0]!;
    const order = await createOrder(app.url, [{ sku: "KAZAN-8L", quantity: 2 }]);
    const first = (await payWithRobokassa(app, order.id)).form.fields;
    // 1C records part of the order meanwhile (through the settlement core, as the 1C exchange does).
    const part = BigInt(order.amount) / 4n;
    const recorded = await settleOrder(sql, Number(order.number), (locked) => locked.recordPayment({ provider: "1c", reference: `doc-${order.number}`, amount: part }));
    expect(recorded).toEqual({ ok: true, recorded: true });

    const second = (await payWithRobokassa(app, order.id)).form.fields;
    expect(second.InvId).not.toBe(first.InvId);
    expect(await attempt(second.InvId!)).toMatchObject({ amount: BigInt(order.amount) - part });
    expect(BigInt(second.OutSum!.replace(".", ""))).toBeLessThan(BigInt(first.OutSum!.replace(".", "")));

    // The shopper pays the first (older, larger) invoice: Robokassa took that money, so it is recorded as it was priced.
    expect(await notify(app, notification({ outSum: first.OutSum!, invId: first.InvId!, order: order.number }))).toEqual({ status: 200, text: `OK${first.InvId}` });
    expect(await ledger(order)).toEqual([
      { kind: "payment", provider: "1c", reference: `doc-${order.number}`, amount: part, refundOf: null },
      { kind: "payment", provider: "robokassa", reference: first.InvId, amount: BigInt(order.amount), refundOf: null },
    ]);
    const view = (await orderView(app.url, order.id)) as Awaited<ReturnType<typeof orderView>> & { overpaidAmount: string };
    expect(view).toMatchObject({ status: "paid", paidAmount: String(BigInt(order.amount) + part), overpaidAmount: String(part) });

    // The second invoice paid too (a shopper with two tabs): recorded whatever the status, more overpaid.
    expect(await notify(app, notification({ outSum: second.OutSum!, invId: second.InvId!, order: order.number }), "GET")).toEqual({
      status: 200,
      text: `OK${second.InvId}`,
    });
    const after = (await orderView(app.url, order.id)) as typeof view;
    expect(after).toMatchObject({ status: "paid", overpaidAmount: String(BigInt(order.amount)) });
  });

  it("a second attempt after a rate change gets a new InvId", async () => {
    const app = apps[0]!;
    const order = await createOrder(app.url);
    const first = (await payWithRobokassa(app, order.id)).form.fields;
    // The open attempt was priced at another day's rate.
    await sql.run(`UPDATE "RobokassaAttempt" SET "rate" = ? WHERE "invId" = ?`, ["150.01", Number(first.InvId)]);
    const second = (await payWithRobokassa(app, order.id)).form.fields;
    expect(second.InvId).not.toBe(first.InvId);
    expect(BigInt(second.InvId!)).toBeGreaterThan(BigInt(first.InvId!));
    const repriced = await attempt(second.InvId!);
    expect(repriced).toMatchObject({ amount: BigInt(order.amount) });
    expect(repriced!.rate).not.toBe("150.01");
    // The older invoice still pays at its own price (Robokassa may have taken it already).
    expect(await notify(app, notification({ outSum: first.OutSum!, invId: first.InvId!, order: order.number }))).toEqual({ status: 200, text: `OK${first.InvId}` });
  });

  describe("the emulator's payment page end to end over HTTP", () => {
    const sandboxOf = (app: App) => `http://127.0.0.1:${app.port + 1}`;

    beforeAll(async () => {
      // The sandbox starts right after the store listens.
      for (let i = 0; i < 100; i += 1) {
        // Up when its cabinet answers: without the sandbox token, with the sign-in page (401).
        const up = await fetch(`${sandboxOf(apps[0]!)}/robokassa/cabinet`).then((response) => response.status === 401, () => false);
        if (up) return;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`the sandbox did not come up:\n${apps[0]!.logs()}`);
    });

    it("link → emulator page → pay → ResultURL → order paid → Success redirect to the order page; a refund through the refund API", async () => {
      const app = apps[0]!;
      const order = await createOrder(app.url);
      const request = await payWithRobokassa(app, order.id);
      const invId = request.form.fields.InvId!;

      const opened = await fetch(request.url, { redirect: "manual" });
      expect(opened.status, await opened.clone().text()).toBe(303);
      const page = new URL(opened.headers.get("location")!, request.url);
      expect(page.pathname).toBe(`/robokassa/pay/${invId}`);
      expect((await fetch(page)).status).toBe(200);

      const paid = await fetch(page, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "action=pay" });
      expect(paid.status).toBe(303);
      const success = new URL(paid.headers.get("location")!);
      expect(`${success.origin}${success.pathname}`).toBe(`${app.url}/api/robokassa/success`);

      // The emulator's first notification is answered before it redirects the shopper.
      expect(await orderView(app.url, order.id)).toMatchObject({ status: "paid", paidAmount: order.amount });
      expect(await ledger(order)).toEqual([{ kind: "payment", provider: "robokassa", reference: invId, amount: BigInt(order.amount), refundOf: null }]);

      const back = await fetch(success, { redirect: "manual" });
      expect(back.status).toBe(303);
      expect(back.headers.get("location")).toBe(`${app.url}/orders/${order.id}?robokassa=confirming`);
      const tampered = new URL(success);
      tampered.searchParams.set("SignatureValue", "0".repeat(64));
      const refused = await fetch(tampered, { redirect: "manual" });
      expect(refused.status).toBe(403);
      expect(refused.headers.get("location")).toBeNull();

      // A partial refund, then the rest: each keyed on Robokassa's requestId, recorded when finished.
      const payment = await sql.get<{ id: number }>(`SELECT "id" FROM "LedgerEntry" WHERE "provider" = 'robokassa' AND "reference" = ?`, [invId]);
      const deps = { sql, appSecret: APP_SECRET, env: { PUBLIC_URL: app.url, SANDBOX_PORT: app.port + 1 }, poll: { intervalMs: 50, attempts: 5 } };
      const part = BigInt(order.amount) / 3n;
      expect(await requestRobokassaRefund(deps, { orderNumber: Number(order.number), ledgerId: Number(payment!.id), amount: part })).toEqual({ ok: true, state: "finished" });
      expect(await orderView(app.url, order.id)).toMatchObject({ status: "partially_refunded", refundedAmount: String(part) });
      // The admin's dispatch checks the amount against what is left before Robokassa is asked.
      const target = { sql, ip: "127.0.0.1", orderNumber: Number(order.number), ledgerId: Number(payment!.id) };
      const left = BigInt(order.amount) - part;
      expect(await refundLedgerPayment({ ...target, amount: left + 1n })).toEqual({ ok: false, reason: "bad_amount", left });
      expect(await refundLedgerPayment({ ...target, amount: 0n })).toEqual({ ok: false, reason: "bad_amount", left });
      expect(canRefundPartially("robokassa")).toBe(true);
      expect(await requestRobokassaRefund(deps, { orderNumber: Number(order.number), ledgerId: Number(payment!.id) })).toEqual({ ok: true, state: "finished" });
      const refunds = (await ledger(order)).filter((entry) => entry.kind === "refund");
      expect(refunds).toEqual([
        { kind: "refund", provider: "robokassa", reference: expect.any(String), amount: part, refundOf: invId },
        { kind: "refund", provider: "robokassa", reference: expect.any(String), amount: BigInt(order.amount) - part, refundOf: invId },
      ]);
      expect(refunds[0]!.reference).not.toBe(refunds[1]!.reference);
      expect(await orderView(app.url, order.id)).toMatchObject({ status: "refunded", refundedAmount: order.amount });
      expect(await requestRobokassaRefund(deps, { orderNumber: Number(order.number), ledgerId: Number(payment!.id) })).toEqual({ ok: false, reason: "already_refunded" });
    });

    it("the connection check and the reconciliation source ask the emulator's OpStateExt", async () => {
      const app = apps[0]!;
      const deps = { sql, appSecret: APP_SECRET, env: { PUBLIC_URL: app.url, SANDBOX_PORT: app.port + 1 } };
      expect(await checkRobokassaConnection(deps)).toEqual({ ok: true, state: "operation_not_found" });
      const source = robokassaReconciliationSource(deps);
      const records = await source.fetchRecords({ from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000) });
      expect(records.ok).toBe(true);
      // The emulator knows the invoices opened on its page: the one paid and refunded above is among them.
      const known = records.ok ? records.records : [];
      expect(known.length).toBeGreaterThan(0);
      expect(known.some((record) => record.state === "refunded")).toBe(true);

      await writeSetting(sql, "robokassa.testPassword2", "wrong-password-2", { secret: true, appSecret: APP_SECRET });
      try {
        expect(await checkRobokassaConnection(deps)).toMatchObject({ ok: false, reason: "provider_error", code: 1 });
      } finally {
        await writeSetting(sql, "robokassa.testPassword2", PASSWORD2, { secret: true, appSecret: APP_SECRET });
      }
    });

    it("refusing on the emulator's page leads through Fail to the order, unpaid and payable", async () => {
      const app = apps[0]!;
      const order = await createOrder(app.url);
      const request = await payWithRobokassa(app, order.id);
      const opened = await fetch(request.url, { redirect: "manual" });
      const page = new URL(opened.headers.get("location")!, request.url);
      const failed = await fetch(page, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "action=fail" });
      expect(failed.status).toBe(303);
      const fail = new URL(failed.headers.get("location")!);
      expect(`${fail.origin}${fail.pathname}`).toBe(`${app.url}/api/robokassa/fail`);
      const back = await fetch(fail, { redirect: "manual" });
      expect(back.status).toBe(303);
      expect(back.headers.get("location")).toBe(`${app.url}/orders/${order.id}?robokassa=failed`);
      expect(await orderView(app.url, order.id)).toMatchObject({ status: "pending", payable: true, paidAmount: "0" });
      expect((await fetch(`${app.url}/api/robokassa/fail?InvId=99999999`, { redirect: "manual" })).status).toBe(404);
      // FailURL is unsigned: without our Shp_key an InvId does not lead to the order's page.
      for (const key of [null, "0".repeat(20)]) {
        const guessed = new URL(fail);
        if (key === null) guessed.searchParams.delete("Shp_key");
        else guessed.searchParams.set("Shp_key", key);
        const refused = await fetch(guessed, { redirect: "manual" });
        expect(refused.status).toBe(403);
        expect(refused.headers.get("location")).toBeNull();
        expect(await refused.text()).not.toContain(order.id);
      }
    });
  });

  it("after a Success return whose ResultURL has not come, the order says it is being confirmed (15 min) until ResultURL pays it", async () => {
    const app = apps[0]!;
    const order = await createOrder(app.url);
    const fields = (await payWithRobokassa(app, order.id)).form.fields;
    const outSum = sixDecimals(fields.OutSum!);
    const shp = `Shp_key=${fields.Shp_key}:Shp_order=${order.number}`;
    const successUrl = (password1: string) => {
      const query = new URLSearchParams({ OutSum: outSum, InvId: fields.InvId!, Culture: "en", Shp_key: fields.Shp_key!, Shp_order: order.number });
      query.set("SignatureValue", sha256(`${outSum}:${fields.InvId}:${password1}:${shp}`).toUpperCase());
      return `${app.url}/api/robokassa/success?${query}`;
    };
    const confirmationOf = async () => ((await orderView(app.url, order.id)) as unknown as { confirmation: { provider: string; until: string } | null }).confirmation;

    // A forged Success marks nothing.
    expect((await fetch(successUrl("not-password-1"), { redirect: "manual" })).status).toBe(403);
    expect(await confirmationOf()).toBeNull();

    const before = Date.now();
    const back = await fetch(successUrl(PASSWORD1), { redirect: "manual" });
    expect(back.status).toBe(303);
    const pending = await confirmationOf();
    expect(pending?.provider).toBe("robokassa");
    const until = Date.parse(pending!.until);
    expect(until).toBeGreaterThanOrEqual(before + 15 * 60_000 - 1_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 15 * 60_000 + 1_000);
    expect((await orderView(app.url, order.id)).status).toBe("pending");
    // A second visit keeps the first one's time.
    await fetch(successUrl(PASSWORD1), { redirect: "manual" });
    expect((await confirmationOf())?.until).toBe(pending!.until);
    // 15 minutes after the visit the order offers its ways to pay again.
    expect(await pendingConfirmation({ sql, orderNumber: Number(order.number), nowMs: until - 1_000 })).toEqual({ provider: "robokassa", until: new Date(until) });
    expect(await pendingConfirmation({ sql, orderNumber: Number(order.number), nowMs: until + 1 })).toBeNull();

    expect(await notify(app, notification({ outSum, invId: fields.InvId!, order: order.number }))).toEqual({ status: 200, text: `OK${fields.InvId}` });
    expect(await orderView(app.url, order.id)).toMatchObject({ status: "paid", confirmation: null });
  });

  it("builds the Receipt with the admin's defaults (sno, tax, payment_method, payment_object)", async () => {
    const app = apps[0]!;
    type Receipt = { sno?: string; items: { tax: string; payment_method: string; payment_object: string }[] };
    const receiptOf = (request: PaymentRequest) => JSON.parse(decodeURIComponent(request.form.fields.Receipt!)) as Receipt;
    const before = receiptOf(await payWithRobokassa(app, (await createOrder(app.url)).id));
    expect(before.sno).toBeUndefined();
    expect(before.items.every((item) => item.tax === "none" && item.payment_method === "full_prepayment" && item.payment_object === "commodity")).toBe(true);
    const chosen = { sno: "usn_income", tax: "vat20", paymentMethod: "full_payment", paymentObject: "service" };
    for (const [name, value] of Object.entries(chosen)) await writeSetting(sql, `robokassa.${name}`, value, { secret: false, appSecret: APP_SECRET });
    try {
      const request = await payWithRobokassa(app, (await createOrder(app.url)).id);
      const receipt = receiptOf(request);
      expect(receipt.sno).toBe("usn_income");
      expect(receipt.items.length).toBeGreaterThan(0);
      for (const item of receipt.items) expect(item).toMatchObject({ tax: "vat20", payment_method: "full_payment", payment_object: "service" });
      // The emulator (Robokassa's rules written apart) takes the signed form with this Receipt.
      const opened = await fetch(request.form.action, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(request.form.fields).toString(),
        redirect: "manual",
      });
      expect(opened.status, await opened.text()).toBe(303);
    } finally {
      for (const name of Object.keys(chosen)) await sql.run(`DELETE FROM "Setting" WHERE "key" = ?`, [`robokassa.${name}`]);
    }
  });

  it("live mode refuses a link priced at the offline fallback rate (409)", async () => {
    const app = apps[0]!;
    const order = await createOrder(app.url);
    for (const [name, value, secret] of [
      ["password1", "live-p1", true],
      ["password2", "live-p2", true],
      ["mode", "live", false],
    ] as const) {
      await writeSetting(sql, `robokassa.${name}`, value, { secret, appSecret: APP_SECRET });
    }
    try {
      const response = await fetch(`${app.url}/api/orders/${order.id}/payments`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ provider: "robokassa" }),
      });
      const body = (await response.json()) as { error: { code: string; reason?: string } };
      expect(response.status, JSON.stringify(body)).toBe(409);
      expect(body.error).toMatchObject({ code: "NOT_PAYABLE", reason: "rate_unavailable" });
      expect(await sql.get(`SELECT 1 AS "one" FROM "RobokassaAttempt" WHERE "orderNumber" = ?`, [Number(order.number)], { one: "number" })).toBeUndefined();
    } finally {
      await writeSetting(sql, "robokassa.mode", "sandbox", { secret: false, appSecret: APP_SECRET });
    }
  });
});
