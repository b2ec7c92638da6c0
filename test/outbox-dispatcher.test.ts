// The outbox dispatcher (lib/outbox) in this process against a real database (SQLite and
// PostgreSQL) and real HTTP/SMTP receivers, with an injected clock: exponential backoff, the
// 72-hour give-up and resend, leases retaken after a crash, buyer notifications in the order's
// language through the log, SMS-gateway and SMTP adapters. No sleeps: the clock is moved.
import { createServer as createTcpServer, type Server as TcpServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { applyPendingMigrations, withDatabaseLock } from "@/lib/db/migrate";
import { createSql, type SqlDatabase } from "@/lib/db/sql";
import type { Locale } from "@/lib/i18n/locales";
import { createOrder, parseCreateOrderRequest } from "@/lib/orders/create-order";
import { seedDemoCatalog } from "@/lib/orders/seed-demo-catalog";
import { settleOrder } from "@/lib/orders/settlement";
import { DELIVERY_WINDOW_MS } from "@/lib/outbox/backoff";
import { onDeliveryResult, type DeliveryResultEvent } from "@/lib/outbox/delivery-events";
import { claimDueDeliveries, outboxBacklog, resendDelivery } from "@/lib/outbox/delivery-store";
import { createOutboxDispatcher } from "@/lib/outbox/dispatcher";
import type { NotificationAdapter } from "@/lib/outbox/notifications/adapter";
import { createEmailAdapter } from "@/lib/outbox/notifications/email-adapter";
import { createLogAdapter } from "@/lib/outbox/notifications/log-adapter";
import { createSmsAdapter } from "@/lib/outbox/notifications/sms-adapter";
import { addWebhookEndpoint } from "@/lib/outbox/webhook-endpoints";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";
import { startWebhookReceiver, type WebhookReceiver } from "./helpers/webhook-receiver";

const kind = testDatabaseKind();
const APP_SECRET = "outbox-dispatcher-test-app-secret-0123456789";
const SECRET = "whsec_dispatcher_test_secret_42";
const MINUTE = 60_000;
const HOUR = 3_600_000;

/** A minimal SMTP server (RFC 5321's happy path): enough for nodemailer to hand over a message, which it records. */
async function startSmtpServer(): Promise<{ port: number; messages: { from: string; to: string[]; data: string }[]; close(): Promise<void> }> {
  const messages: { from: string; to: string[]; data: string }[] = [];
  const server: TcpServer = createTcpServer((socket) => {
    let buffer = "";
    let inData = false;
    let current = { from: "", to: [] as string[], data: "" };
    socket.setEncoding("utf8");
    socket.write("220 test-smtp ready\r\n");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          current.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          messages.push(current);
          current = { from: "", to: [], data: "" };
          socket.write("250 OK queued\r\n");
          continue;
        }
        const lineEnd = buffer.indexOf("\r\n");
        if (lineEnd < 0) return;
        const line = buffer.slice(0, lineEnd);
        buffer = buffer.slice(lineEnd + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") socket.write("250 test-smtp\r\n");
        else if (verb === "MAIL") (current.from = line), socket.write("250 OK\r\n");
        else if (verb === "RCPT") current.to.push(line), socket.write("250 OK\r\n");
        else if (verb === "DATA") (inData = true), socket.write("354 go ahead\r\n");
        else if (verb === "QUIT") socket.end("221 bye\r\n");
        else socket.write("250 OK\r\n");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, messages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe(`outbox dispatcher on ${kind}`, () => {
  let database: FreshDatabase;
  let db: Db;
  let sql: SqlDatabase;
  let receiver: WebhookReceiver;
  let answer: (request: { eventId: string; seen: number }) => number = () => 200;
  let now = Date.now();
  let references = 0;
  const results: DeliveryResultEvent[] = [];
  let unsubscribe: () => void;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    await withDatabaseLock(database.url, () => applyPendingMigrations(database.url));
    db = createDb(database.url);
    sql = createSql(database.url);
    await seedDemoCatalog(db);
    receiver = await startWebhookReceiver({ secret: SECRET, answer: (request) => answer(request) });
    await addWebhookEndpoint(sql, { url: receiver.url, secret: SECRET, appSecret: APP_SECRET });
    unsubscribe = onDeliveryResult((event) => results.push(event));
  });

  afterAll(async () => {
    unsubscribe?.();
    await receiver?.close();
    await sql?.close();
    await db?.$disconnect();
    await database?.drop();
  });

  function dispatcher(adapters: NotificationAdapter[] = [createLogAdapter(() => undefined)], leaseMs = 30_000) {
    return createOutboxDispatcher({ sql, appSecret: APP_SECRET, adapters, now: () => now, retryBaseMs: MINUTE, retryMaxMs: 6 * HOUR, leaseMs });
  }

  async function paidOrder(options: { lang?: Locale; provider?: string; customer?: { phone?: string; email?: string } } = {}) {
    const order = await createOrder(db, parseCreateOrderRequest({ items: [{ sku: "KAZAN-8L", quantity: 1 }], customer: options.customer, lang: options.lang }), {
      getRate: () => Promise.reject(new Error("UZS only")),
    });
    references += 1;
    const paid = await settleOrder(sql, order.number, (locked) => locked.recordPayment({ provider: options.provider ?? "payme", reference: `outbox-${references}-${now}`, amount: order.amount }), { now: () => now });
    expect(paid).toMatchObject({ ok: true });
    return order;
  }

  const eventIds = async (orderNumber: number) =>
    (await sql.all<{ id: number }>(`SELECT "id" FROM "OutboxEvent" WHERE "orderNumber" = ? ORDER BY "id"`, [orderNumber])).map((row) => String(row.id));

  it("retries a failed webhook after the backoff, delivers each event once, signed, with its id as the idempotency key", async () => {
    answer = ({ seen }) => (seen === 0 ? 500 : 200);
    const order = await paidOrder();
    const ids = await eventIds(order.number);
    expect(ids).toHaveLength(2); // payment.received, order.paid
    const outbox = dispatcher();

    const first = await outbox.runOnce();
    expect(first).toMatchObject({ fannedOut: 2, attempted: 3, delivered: 1, failed: 2 }); // two webhooks refused, the buyer's log line sent
    expect(await outbox.runOnce()).toMatchObject({ attempted: 0 }); // the backoff has not passed on the clock
    now += MINUTE - 1;
    expect(await outbox.runOnce()).toMatchObject({ attempted: 0 });
    now += 1;
    expect(await outbox.runOnce()).toMatchObject({ attempted: 2, delivered: 2 });

    const mine = receiver.received.filter((entry) => ids.includes(entry.eventId));
    expect(mine.map((entry) => entry.status).sort()).toEqual([200, 200, 500, 500]);
    for (const entry of mine) {
      expect(entry.signatureValid).toBe(true);
      expect(entry.idempotencyKey).toBe(entry.eventId);
    }
    for (const id of ids) expect(receiver.accepted().get(id)).toBe(1);
    expect(JSON.parse(mine.find((entry) => entry.type === "order.paid")!.body)).toMatchObject({ type: "order.paid", data: { orderNumber: order.number, status: "paid", paidAmount: order.amount.toString() } });
    expect(await outboxBacklog(sql, now)).toMatchObject({ pending: 0, due: 0 });
    expect(results.filter((result) => ids.includes(String(result.eventId)) && result.target.startsWith("webhook:")).map((result) => [result.outcome, result.state])).toEqual([
      ["failed", "pending"],
      ["failed", "pending"],
      ["delivered", "delivered"],
      ["delivered", "delivered"],
    ]);
  });

  it("gives up 72 hours after the event (failed, every attempt in the log); the admin's resend delivers it again", async () => {
    answer = () => 503;
    const order = await paidOrder();
    const ids = await eventIds(order.number);
    const outbox = dispatcher();
    const start = now;
    let rounds = 0;
    for (;;) {
      await outbox.runOnce();
      const states = await sql.all<{ state: string }>(`SELECT d."state" FROM "OutboxDelivery" d JOIN "OutboxEvent" e ON e."id" = d."eventId" WHERE e."orderNumber" = ? AND d."target" LIKE 'webhook:%'`, [order.number]);
      if (states.every((row) => row.state === "failed")) break;
      rounds += 1;
      expect(rounds).toBeLessThan(100);
      now += HOUR;
    }
    expect(now - start).toBeGreaterThan(DELIVERY_WINDOW_MS - 6 * HOUR);
    expect(now - start).toBeLessThanOrEqual(DELIVERY_WINDOW_MS);
    const deliveries = await sql.all<{ id: number; attempts: number; lastError: string }>(
      `SELECT d."id", d."attempts", d."lastError" FROM "OutboxDelivery" d JOIN "OutboxEvent" e ON e."id" = d."eventId" WHERE e."orderNumber" = ? AND d."target" LIKE 'webhook:%'`,
      [order.number],
    );
    for (const delivery of deliveries) {
      expect(delivery.attempts).toBeGreaterThan(10);
      expect(delivery.lastError).toBe("HTTP 503");
      const logged = await sql.get<{ count: number }>(`SELECT COUNT(*) AS "count" FROM "OutboxAttempt" WHERE "deliveryId" = ?`, [delivery.id], { count: "number" });
      expect(logged?.count).toBe(delivery.attempts);
    }
    expect((await outboxBacklog(sql, now)).failed).toBeGreaterThanOrEqual(2);
    for (const id of ids) expect(receiver.accepted().get(id)).toBeUndefined();

    answer = () => 200;
    expect(await resendDelivery(sql, deliveries[0]!.id, now)).toEqual({ ok: true });
    expect(await outbox.runOnce()).toMatchObject({ attempted: 1, delivered: 1 });
    expect([...receiver.accepted().keys()].filter((id) => ids.includes(id))).toHaveLength(1);
  });

  it("never sends a claimed delivery from another dispatcher until the claim's lease ran out (a crashed instance)", async () => {
    answer = () => 200;
    const order = await paidOrder();
    const ids = await eventIds(order.number);
    const survivor = dispatcher();
    expect(await survivor.fanOut()).toBe(2);
    // The "crashed" instance claimed everything due, then died without sending.
    const claimed = await claimDueDeliveries(sql, { nowMs: now, leaseMs: 30_000, limit: 100, token: "crashed-instance" });
    expect(claimed.length).toBe(3);
    expect(await survivor.runOnce()).toMatchObject({ attempted: 0 });
    now += 30_000;
    expect(await survivor.runOnce()).toMatchObject({ attempted: 0 }); // the lease holds through its last millisecond
    now += 1;
    expect(await survivor.runOnce()).toMatchObject({ attempted: 3, delivered: 3 });
    for (const id of ids) expect(receiver.accepted().get(id)).toBe(1);
  });

  it("notifies the buyer in the order's language: paid, paid by 1C, refunded — by log, SMS gateway and e-mail", async () => {
    answer = () => 200;
    const lines: string[] = [];
    // The SMS gateway: a real HTTP server (the receiver helper records its requests).
    const gateway = await startWebhookReceiver({ secret: "none", answer: () => 200 });
    const smtp = await startSmtpServer();
    try {
      const sms = createSmsAdapter({ url: gateway.url, token: "gateway-token-1" });
      const email = createEmailAdapter({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: "shop@tolov.test" });
      const outbox = dispatcher([createLogAdapter((line) => lines.push(line)), sms, email]);

      const uz1c = await paidOrder({ lang: "uz", provider: "1c", customer: { phone: "+998901234567" } });
      const enCard = await paidOrder({ lang: "en", customer: { email: "buyer@example.uz" } });
      await outbox.runOnce();
      const payment = await sql.get<{ reference: string }>(`SELECT "reference" FROM "LedgerEntry" WHERE "orderNumber" = ? AND "kind" = 'payment'`, [enCard.number]);
      const refunded = await settleOrder(sql, enCard.number, (locked) => locked.recordRefund({ provider: "payme", reference: `refund-${enCard.number}`, refundOf: payment!.reference, amount: enCard.amount, requireApproval: false }), { now: () => now });
      expect(refunded).toMatchObject({ ok: true });
      await outbox.runOnce();

      expect(lines.some((line) => line.includes(`order ${uz1c.number} paid_1c [uz]`) && line.includes("to'lov qabul qilindi"))).toBe(true);
      expect(lines.some((line) => line.includes(`order ${enCard.number} paid [en]`))).toBe(true);
      expect(lines.some((line) => line.includes(`order ${enCard.number} refunded [en]`) && line.includes("Refund for order"))).toBe(true);
      expect(lines.join("\n")).not.toMatch(/998901234567|buyer@example/);

      // SMS only for the order with a phone; the gateway got the event id as its idempotency key.
      expect(gateway.received).toHaveLength(1);
      const smsBody = JSON.parse(gateway.received[0]!.body) as { to: string; text: string; idempotencyKey: string };
      expect(smsBody.to).toBe("+998901234567");
      expect(smsBody.text).toContain(`${uz1c.number}-buyurtma`);
      expect(gateway.received[0]!.idempotencyKey).toBe(smsBody.idempotencyKey);
      expect((await eventIds(uz1c.number))).toContain(smsBody.idempotencyKey);

      // E-mail only for the order with an address: paid, then refunded, in English.
      expect(smtp.messages).toHaveLength(2);
      expect(smtp.messages.every((message) => message.to.some((to) => to.includes("buyer@example.uz")))).toBe(true);
      expect(smtp.messages[0]!.data).toContain(`Order ${enCard.number} is paid`);
      expect(smtp.messages[1]!.data).toContain(`Refund for order ${enCard.number}`);
    } finally {
      await gateway.close();
      await smtp.close();
    }
  });
});
