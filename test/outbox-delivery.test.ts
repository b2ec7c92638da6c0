// Outbox delivery through the running store (SQLite and PostgreSQL), over real HTTP: a merchant's
// webhook receiver (a node:http server in this test) gets every event of a paid-then-refunded
// order once per event id, across a store restart and a failing first attempt, and verifies
// each signature; the admin's delivery log and "resend" work through the admin's own actions;
// on PostgreSQL two store processes never send one event at once (issue 15 item 7).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSql, type SqlDatabase } from "@/lib/db/sql";
import { decryptSecret } from "@/lib/payments/secret-box";
import { createAdminSession } from "./helpers/admin";
import { startApp, type App, type EnvOverrides } from "./helpers/app";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";
import { createOrder, newPaymeId, PaymeClient, paymeEnvironment } from "./helpers/payme";
import { actionId, actionResult, postFormAction } from "./helpers/server-actions";
import { startWebhookReceiver, waitFor, type WebhookReceiver } from "./helpers/webhook-receiver";

const kind = testDatabaseKind();
const SECRET = "whsec_store_test_secret_0123456789";
// Retries 200 ms, 400 ms … at most 1 s apart, polls every 100 ms: the test waits for states, never for time.
const FAST_OUTBOX: EnvOverrides = { OUTBOX_RETRY_BASE_MS: "200", OUTBOX_RETRY_MAX_MS: "1000", OUTBOX_POLL_MS: "100" };

describe(`outbox delivery through the store on ${kind}`, () => {
  let database: FreshDatabase;
  let dataDir: string;
  let app: App;
  let second: App | undefined;
  let sql: SqlDatabase;
  let cookie: string;
  let receiver: WebhookReceiver;
  let accepting = false;
  const { env, key } = paymeEnvironment(FAST_OUTBOX);

  /** An admin action posted from the webhooks page; `crossSite`: as a browser marks a request another site made. */
  const act = async (appUrl: string, name: string, fields: Record<string, string>, crossSite = false) =>
    actionResult<{ ok: boolean; message?: string; error?: string; code?: string }>(
      (await postFormAction(`${appUrl}/admin/webhooks`, actionId(name), fields, { origin: appUrl, cookie, ...(crossSite ? { "sec-fetch-site": "cross-site" } : {}) })).text,
    );
  const page = async (appUrl: string, path: string) => (await fetch(`${appUrl}${path}`, { headers: { cookie } })).text();
  const eventsOf = (orderNumber: number | string) =>
    sql.all<{ id: number; type: string }>(`SELECT "id", "type" FROM "OutboxEvent" WHERE "orderNumber" = ? ORDER BY "id"`, [Number(orderNumber)]);
  const requestsFor = (id: number) => receiver.received.filter((entry) => entry.eventId === String(id));

  /** Pays an order by Payme's Merchant API (Create → Perform); returns the Payme transaction id. */
  async function payByPayme(appUrl: string, order: { number: string; amount: string }): Promise<string> {
    const client = new PaymeClient(`${appUrl}/api/payme`, key);
    const id = newPaymeId();
    expect((await client.result("CreateTransaction", { id, time: Date.now(), amount: Number(order.amount), account: { order_id: order.number } })).state).toBe(1);
    expect((await client.result("PerformTransaction", { id })).state).toBe(2);
    return id;
  }

  beforeAll(async () => {
    database = await freshDatabase(kind);
    dataDir = mkdtempSync(join(tmpdir(), "tolov-outbox-data-"));
    // The receiver refuses everything until the store has restarted; after that, the first request for each event id gets 500.
    receiver = await startWebhookReceiver({ secret: SECRET, answer: ({ seen }) => (accepting && seen > 0 ? 200 : 500) });
    app = await startApp({ databaseUrl: database.url, env, dataDir });
    sql = createSql(database.url);
    cookie = await createAdminSession(sql);
  });

  afterAll(async () => {
    await second?.stop();
    await app?.stop();
    await receiver?.close();
    await sql?.close();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("adds a webhook endpoint through the admin (same origin only), its secret encrypted at rest and shown masked", async () => {
    const crossSite = await act(app.url, "addWebhookEndpointAction", { url: receiver.url, secret: SECRET }, true);
    expect(crossSite).toMatchObject({ ok: false, code: "cross_site" });
    expect(await act(app.url, "addWebhookEndpointAction", { url: "ftp://example.uz/hook", secret: SECRET })).toMatchObject({ ok: false, code: "invalid" });

    expect(await act(app.url, "addWebhookEndpointAction", { url: receiver.url, secret: SECRET })).toMatchObject({ ok: true });
    const rows = await sql.all<{ url: string; secret: string }>(`SELECT "url", "secret" FROM "WebhookEndpoint"`);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.url).toBe(receiver.url);
    expect(rows[0]!.secret).not.toContain(SECRET);
    expect(decryptSecret(rows[0]!.secret, env.APP_SECRET!)).toBe(SECRET);
    const html = await page(app.url, "/admin/webhooks");
    expect(html).toContain(receiver.url);
    expect(html).toContain(`••••${SECRET.slice(-4)}`);
    expect(html).not.toContain(SECRET);
  });

  it("delivers every event of a paid-then-refunded order once per event id, across a restart and a failing first attempt, each signed", async () => {
    const order = await createOrder(app.url);
    const paymeId = await payByPayme(app.url, order);
    const paidEvents = await eventsOf(order.number);
    expect(paidEvents.map((event) => event.type)).toEqual(["payment.received", "order.paid"]);
    // Tried and refused before the restart.
    await waitFor(() => paidEvents.every((event) => requestsFor(event.id).length > 0), (done) => done);
    for (const event of paidEvents) expect(requestsFor(event.id).length).toBeGreaterThan(0);

    await app.stop();
    accepting = true;
    app = await startApp({ databaseUrl: database.url, env, dataDir });
    await waitFor(() => paidEvents.every((event) => receiver.accepted().get(String(event.id)) === 1), (done) => done);

    const client = new PaymeClient(`${app.url}/api/payme`, key);
    expect((await client.result("CancelTransaction", { id: paymeId, reason: 5 })).state).toBe(-2);
    const events = await eventsOf(order.number);
    expect(events.map((event) => event.type)).toEqual(["payment.received", "order.paid", "refund.recorded", "order.refunded"]);
    await waitFor(() => events.every((event) => receiver.accepted().has(String(event.id))), (done) => done);

    for (const event of events) {
      const requests = requestsFor(event.id);
      expect(receiver.accepted().get(String(event.id)), `event ${event.id} ${event.type}`).toBe(1);
      expect(requests[0]!.status).toBe(500); // the first attempt failed
      for (const request of requests) {
        expect(request.signatureValid).toBe(true);
        expect(request.idempotencyKey).toBe(String(event.id));
        expect(JSON.parse(request.body)).toMatchObject({ id: String(event.id), type: event.type, data: { orderNumber: Number(order.number) } });
      }
    }
    // The buyer's notifications went to the log adapter (no SMTP or SMS gateway configured), never twice per event.
    await waitFor(() => app.logs(), (logs) => logs.includes(`order ${order.number} refunded`));
    expect(app.logs()).toContain(`buyer notification (log): order ${order.number} refunded [ru]`);

    // The admin's order page gives every event its real state.
    await waitFor(
      () => sql.all<{ state: string }>(`SELECT d."state" FROM "OutboxDelivery" d JOIN "OutboxEvent" e ON e."id" = d."eventId" WHERE e."orderNumber" = ?`, [Number(order.number)]),
      (rows) => rows.every((row) => row.state !== "pending"),
    );
    const orderPage = await page(app.url, `/admin/orders/${order.number}`);
    // Each of the 4 events says "delivered <time>" (counted in the markup, without the RSC payload's copy).
    const markup = orderPage.replace(/<script[\s\S]*?<\/script>/g, "");
    expect(markup.match(/доставлено \d/g)?.length).toBe(4);
    expect(orderPage).not.toContain("не доставлено");
    expect(orderPage).not.toContain("ожидает, следующая попытка");
    expect(orderPage).not.toContain("в очереди на доставку");
  });

  it("lists deliveries in the admin's delivery log, and its resend sends the event again under the same id", async () => {
    const delivery = await sql.get<{ id: number; eventId: number; attempts: number }>(
      `SELECT d."id", d."eventId", d."attempts" FROM "OutboxDelivery" d JOIN "OutboxEvent" e ON e."id" = d."eventId" WHERE e."type" = 'order.paid' AND d."target" LIKE 'webhook:%' ORDER BY d."id" LIMIT 1`,
    );
    expect(delivery).toBeDefined();
    const log = await page(app.url, "/admin/webhooks");
    expect(log).toContain(`data-delivery="${delivery!.id}"`);
    expect(log).toContain("order.paid");

    expect(await act(app.url, "resendDeliveryAction", { delivery: String(delivery!.id) }, true)).toMatchObject({ ok: false, code: "cross_site" });
    expect(await act(app.url, "resendDeliveryAction", { delivery: "999999" })).toMatchObject({ ok: false, code: "not_found" });
    expect(await act(app.url, "resendDeliveryAction", { delivery: String(delivery!.id) })).toMatchObject({ ok: true });
    const accepted = await waitFor(() => receiver.accepted().get(String(delivery!.eventId)), (count) => count === 2);
    expect(accepted).toBe(2);
    // The receiver answered before the dispatcher records the attempt: wait for the row's state.
    const after = await waitFor(
      () => sql.get<{ state: string; attempts: number }>(`SELECT "state", "attempts" FROM "OutboxDelivery" WHERE "id" = ?`, [delivery!.id]),
      (row) => row?.state === "delivered",
    );
    expect(after).toMatchObject({ state: "delivered", attempts: delivery!.attempts + 1 });
    const audit = await sql.get<{ outcome: string }>(`SELECT "outcome" FROM "AuditLog" WHERE "action" = 'outbox.resend' AND "target" = ? ORDER BY "id" DESC LIMIT 1`, [`delivery:${delivery!.id}`]);
    expect(audit?.outcome).toBe("ok");
  });

  if (kind === "postgresql") {
    it("two store processes never send the same event at the same time, and send each once", async () => {
      const slow = await startWebhookReceiver({ secret: SECRET, answer: () => 200, holdMs: 150 });
      try {
        const endpoint = await sql.get<{ id: number }>(`SELECT "id" FROM "WebhookEndpoint" ORDER BY "id" LIMIT 1`);
        expect(await act(app.url, "setWebhookEndpointAction", { endpoint: String(endpoint!.id), enabled: "false" })).toMatchObject({ ok: true });
        expect(await act(app.url, "addWebhookEndpointAction", { url: slow.url, secret: SECRET })).toMatchObject({ ok: true });
        second = await startApp({ databaseUrl: database.url, env, dataDir });
        const instances = [app.url, second.url];
        const orders = await Promise.all(Array.from({ length: 10 }, (_, index) => createOrder(instances[index % 2]!)));
        await Promise.all(orders.map((order, index) => payByPayme(instances[index % 2]!, order)));
        const ids = (await Promise.all(orders.map((order) => eventsOf(order.number)))).flat().map((event) => String(event.id));
        expect(ids).toHaveLength(20);
        await waitFor(() => ids.every((id) => slow.accepted().has(id)), (done) => done, 60_000);
        expect(slow.maxConcurrentPerEvent()).toBe(1);
        for (const id of ids) expect(slow.accepted().get(id), `event ${id}`).toBe(1);
        expect(slow.received.filter((entry) => ids.includes(entry.eventId))).toHaveLength(20);
        expect(slow.received.every((entry) => entry.signatureValid)).toBe(true);
        // Each buyer's notification went out once, from one of the two processes.
        // The notifications are deliveries of their own, written to the log asynchronously: wait for them all.
        const paidLine = (number: number | string) => `buyer notification (log): order ${number} paid [`;
        const logs = await waitFor(
          () => app.logs() + second!.logs(),
          (text) => orders.every((order) => text.includes(paidLine(order.number))),
          60_000,
        );
        for (const order of orders) expect(logs.split(`buyer notification (log): order ${order.number} paid [`).length - 1).toBe(1);
      } finally {
        await slow.close();
      }
    });
  }
});
