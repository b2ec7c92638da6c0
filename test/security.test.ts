// Issue 10, against the real store: security headers and CSP nonce, the masked order API, bad URL
// encoding, rate limits under parallel bursts, bounded and timed-out bodies, nested JSON for
// Payme, the store-wide trusted proxies and their warning, file modes, the mode guard.
import { connect } from "node:net";
import { request as httpRequest } from "node:http";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSql, type SqlDatabase } from "@/lib/db/sql";
import { saveSection } from "@/lib/merchant-keys/save-section";
import { sections } from "@/lib/merchant-keys/sections";
import { createAdminSession } from "./helpers/admin";
import { startApp, type App } from "./helpers/app";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";

const kind = testDatabaseKind();
const APP_SECRET = "security-test-app-secret-".padEnd(40, "s");
const paymeTestKey = "security-test-payme-key-0123456789";

function rssKb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"))!;
  return Number(/(\d+)/.exec(line)![1]);
}

function placeOrder(app: App, options: { from?: string; body?: unknown; lang?: string } = {}): Promise<Response> {
  return fetch(`${app.url}/api/orders`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(options.from ? { "x-forwarded-for": options.from } : {}),
      ...(options.lang ? { "accept-language": options.lang } : {}),
    },
    body: JSON.stringify(options.body ?? { items: [{ sku: "KAZAN-8L", quantity: 1 }] }),
  });
}

/** Streams a chunked body of up to `totalBytes` until the server answers; resolves with the status. */
function streamChunked(url: string, totalBytes: number, headers: Record<string, string>): Promise<{ status: number; sent: number }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    let answered = false;
    const req = httpRequest(url, { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" } }, (res) => {
      answered = true;
      resolve({ status: res.statusCode ?? 0, sent });
      res.resume();
      req.destroy();
    });
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const pump = () => {
      while (!answered && sent < totalBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe(`security of the running store on ${kind}`, () => {
  let database: FreshDatabase;
  let app: App;
  let sql: SqlDatabase;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    app = await startApp({
      databaseUrl: database.url,
      env: { TOLOV_ORDERS_PER_MINUTE: "20", APP_SECRET, PAYME_MERCHANT_ID: "5e730e8e0b852a417aa49ceb", PAYME_TEST_KEY: paymeTestKey },
    });
    sql = createSql(database.url);
  });

  afterAll(async () => {
    await sql?.close();
    await app?.stop();
    await database?.drop();
  });

  it("warns the admin when X-Forwarded-For comes from a peer that is not a trusted proxy", async () => {
    expect((await placeOrder(app, { from: "198.51.100.1" })).status).toBe(201);
    const cookie = await createAdminSession(sql);
    const page = await fetch(`${app.url}/admin/settings?lang=en`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-testid="untrusted-proxy-warning"');
    expect(html).toContain("127.0.0.1");
  });

  it("sends the security headers on pages and the API, with a fresh CSP nonce on Next.js's scripts", async () => {
    const created = await placeOrder(app, { body: { items: [{ sku: "KAZAN-8L", quantity: 1 }], customer: { phone: "+998901234567" } } });
    const order = (await created.json()) as { id: string };
    const nonces = new Set<string>();
    for (const path of ["/", `/orders/${order.id}`, "/admin", "/api/products", `/api/orders/${order.id}`]) {
      const response = await fetch(`${app.url}${path}`, { redirect: "manual" });
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
      // PUBLIC_URL is http here: no HSTS.
      expect(response.headers.get("strict-transport-security"), path).toBeNull();
      if (path.startsWith("/api/")) continue;
      if (response.status !== 200) continue;
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, path).toBeTruthy();
      nonces.add(nonce!);
      // The card form talks to the Subscribe emulator of the current (sandbox) mode.
      expect(csp).toMatch(new RegExp(`connect-src 'self' http://127\\.0\\.0\\.1:${app.port + 1}`));
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBeGreaterThanOrEqual(2);
  });

  it("masks the buyer's contact in GET /api/orders/{id}", async () => {
    const created = await placeOrder(app, {
      body: { items: [{ sku: "KAZAN-8L", quantity: 1 }], customer: { phone: "+998901234567", email: "buyer@example.com", name: "Aziza Karimova" } },
    });
    const order = (await created.json()) as { id: string };
    const view = (await (await fetch(`${app.url}/api/orders/${order.id}`)).json()) as { customer: Record<string, string> };
    expect(view.customer).toEqual({ phone: "+998 90 *** ** 67", email: "b***@example.com", name: "A." });
    const text = JSON.stringify(view);
    for (const secret of ["1234567", "buyer@", "Aziza", "Karimova"]) expect(text).not.toContain(secret);
  });

  it("answers bad URL encoding with a 4xx, not a 500", async () => {
    for (const path of ["/api/orders/%E0%A4%A", "/orders/%E0%A4%A", "/api/orders/%"]) {
      const response = await fetch(`${app.url}${path}`);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
    }
  });

  it("rejects Payme JSON nested 30 000 levels deep with -32600", async () => {
    const account = "[".repeat(30_000) + "]".repeat(30_000);
    const body = `{"jsonrpc":"2.0","id":5,"method":"CreateTransaction","params":{"id":"x","time":1,"amount":100,"account":${account}}}`;
    const response = await fetch(`${app.url}/api/payme`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`Paycom:${paymeTestKey}`).toString("base64")}` },
      body,
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(-32600);
  });

  it("refuses a server action body over the limit with 413 (411 without a declared length)", async () => {
    const big = await fetch(`${app.url}/`, { method: "POST", headers: { "next-action": "x", "content-type": "text/plain" }, body: "a".repeat(1_100_000) });
    expect(big.status).toBe(413);
    const chunked = await streamChunked(`${app.url}/`, 2 * 1024 * 1024, { "next-action": "x" });
    expect([411, 413]).toContain(chunked.status);
  });

  it("stops reading a 200 MB chunked order body: 413, and the process hardly grows", async () => {
    const declared = await fetch(`${app.url}/api/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "192.0.2.50" },
      body: "x".repeat(70 * 1024),
    });
    expect(declared.status).toBe(413);
    // Warmed up (the route's code is loaded by the calls above): now only the body could grow it.
    await streamChunked(`${app.url}/api/orders`, 1024 * 1024, { "content-type": "application/json" });
    const before = rssKb(app.pid);
    const streamed = await streamChunked(`${app.url}/api/orders`, 200 * 1024 * 1024, { "content-type": "application/json" });
    expect(streamed.status).toBe(413);
    expect(rssKb(app.pid) - before).toBeLessThan(20 * 1024);
  });

  it("cuts off a request body that trickles in (408)", async () => {
    const status = await new Promise<string>((resolve, reject) => {
      const socket = connect(app.port, "127.0.0.1");
      let answer = "";
      const timer = setInterval(() => socket.write("a"), 2_000);
      socket.on("connect", () => socket.write(`POST /api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`));
      socket.on("data", (data) => (answer += data.toString("latin1")));
      socket.on("close", () => {
        clearInterval(timer);
        resolve(answer.split("\r\n")[0] ?? "");
      });
      socket.on("error", (error) => {
        clearInterval(timer);
        reject(error);
      });
    });
    expect(status).toMatch(/^HTTP\/1\.1 408/);
  }, 90_000);

  describe("with the store's proxy trusted (one store-wide list)", () => {
    beforeAll(async () => {
      await sql.run(
        `INSERT INTO "Setting" ("key", "value", "encrypted", "updatedAt") VALUES ('admin.trustedProxies', '127.0.0.1', false, ?)
         ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value"`,
        [new Date()],
      );
    });

    it("places at most 20 orders a minute from one client address, whatever the burst", async () => {
      const answers = await Promise.all(Array.from({ length: 30 }, () => placeOrder(app, { from: "203.0.113.7", lang: "uz" })));
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(20);
      expect(statuses.filter((status) => status === 429)).toHaveLength(10);
      const limited = answers.find((answer) => answer.status === 429)!;
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(((await limited.json()) as { error: { code: string; message: string } }).error).toMatchObject({
        code: "RATE_LIMITED",
        message: expect.stringContaining("So'rovlar"),
      });
      // Another shopper behind the same proxy is not affected.
      expect((await placeOrder(app, { from: "203.0.113.8" })).status).toBe(201);
    });
  });

  it("keeps DATA_DIR 0700 and the SQLite database 0600", () => {
    expect(statSync(app.dataDir).mode & 0o777).toBe(0o700);
    if (kind === "sqlite") expect(statSync(database.name).mode & 0o777).toBe(0o600);
    expect(statSync(join(app.dataDir, "sandbox-token")).mode & 0o777).toBe(0o600);
  });

  it("does not let a provider's mode change while its attempt holds an order", async () => {
    const order = (await (await placeOrder(app, { from: "198.51.100.9" })).json()) as { number: string };
    await sql.run(
      `INSERT INTO "Reservation" ("orderNumber", "provider", "kind", "reference", "held", "expiresAt", "createdAt") VALUES (?, 'payme', 'payme_transaction', 'guard-test', false, ?, ?)`,
      [Number(order.number), BigInt(Date.now() + 600_000), new Date()],
    );
    const ctx = { appSecret: APP_SECRET, generatedSecrets: ["ADMIN_PASSWORD"] };
    const form = { merchantId: "", login: "Paycom", accountField: "order_id", mode: "test", billing: "on", trustedProxies: "", checkout: "on" };
    const refused = await saveSection(sql, sections.payme, form, ctx);
    expect(refused).toMatchObject({ ok: false, reason: "mode_busy" });
    await sql.run(`DELETE FROM "Reservation" WHERE "reference" = 'guard-test'`);
    expect(await saveSection(sql, sections.payme, form, ctx)).toMatchObject({ ok: true });
  });
});
