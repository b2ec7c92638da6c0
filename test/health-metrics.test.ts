// GET /api/health, GET /api/metrics and the structured log (issue 15 items 5 and 6) against the
// real store over HTTP, on SQLite and on PostgreSQL (see vitest.config.ts).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type App } from "./helpers/app";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";
import { createOrder, newPaymeId, startPaymeStores, StoreDatabase, type PaymeStore } from "./helpers/payme";
import { freePort } from "./helpers/ports";

const kind = testDatabaseKind();
const TOKEN = "metrics-token-0123456789abcdef";

type Answer = { status: number; contentType: string; text: string; body: unknown };

async function get(url: string, authorization?: string): Promise<Answer> {
  const response = await fetch(url, { headers: authorization ? { authorization } : {} });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", text, body };
}

/** The value of one sample of the Prometheus text (`name{labels} value`), or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((pair) => [pair[1], pair[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value) && Object.keys(found).length === Object.keys(labels).length) return Number(match[3]);
  }
  return undefined;
}

describe(`health and metrics on ${kind}`, () => {
  let database: FreshDatabase;
  let store: PaymeStore;
  let app: App;
  let db: StoreDatabase;
  let logDir: string;
  let logFile: string;
  let sandboxPort: number;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    logDir = mkdtempSync(join(tmpdir(), "tolov-log-"));
    logFile = join(logDir, "store.log");
    sandboxPort = await freePort();
    store = (await startPaymeStores(database, 1, { METRICS_TOKEN: TOKEN, LOG_FILE: logFile, SANDBOX_PORT: String(sandboxPort), OUTBOX_DISPATCH: "off" }))[0]!;
    app = store.app;
    db = new StoreDatabase(database.url, store.appSecret);
  });

  afterAll(async () => {
    await db?.close();
    await app?.stop();
    await database?.drop();
    rmSync(logDir, { recursive: true, force: true });
  });

  it("GET /api/health answers {ok: true} to anyone, and nothing more", async () => {
    const answer = await get(`${app.url}/api/health`);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(answer.body).toEqual({ ok: true });
  });

  it("a wrong or malformed token is refused with 401 (the details need METRICS_TOKEN)", async () => {
    for (const authorization of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN, "Bearer"]) {
      const answer = await get(`${app.url}/api/health`, authorization);
      expect([authorization, answer.status]).toEqual([authorization, 401]);
      expect(answer.body).toEqual({ error: { code: "UNAUTHORIZED", message: expect.any(String) } });
    }
  });

  it("with METRICS_TOKEN: database, migrations, each provider's mode, the sandbox and the outbox backlog", async () => {
    // The store's dispatcher is off (OUTBOX_DISPATCH=off): no event is fanned out, each one is backlog.
    const backlog = (await db.sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "OutboxEvent"`, [], { n: "number" }))!.n;
    // The sandbox starts beside the store: wait for its state, not for a time.
    await expect.poll(async () => ((await get(`${app.url}/api/health`, `Bearer ${TOKEN}`)).body as { sandbox?: string }).sandbox, { timeout: 30_000 }).toBe("running");
    const answer = await get(`${app.url}/api/health`, `Bearer ${TOKEN}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      ok: true,
      database: { reachable: true, kind },
      migrations: { current: true, pending: [] },
      providers: { payme: "sandbox", click: "sandbox", robokassa: "sandbox" },
      sandbox: "running",
      outbox: { backlog },
    });
  });

  it("GET /api/metrics needs the token (401), then counts a Payme callback with its latency, reservations and the outbox backlog", async () => {
    for (const authorization of [undefined, "Bearer wrong-token-0123456789", `Basic ${TOKEN}`]) {
      const refused = await get(`${app.url}/api/metrics`, authorization);
      expect([authorization, refused.status]).toEqual([authorization, 401]);
      expect(refused.text).not.toContain("tolov_");
    }
    const labels = { provider: "payme", method: "PerformTransaction", outcome: "ok" };
    const before = await get(`${app.url}/api/metrics`, `Bearer ${TOKEN}`);
    expect(before.status).toBe(200);
    expect(before.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const performedBefore = sample(before.text, "tolov_provider_callbacks_total", labels) ?? 0;
    const backlogBefore = sample(before.text, "tolov_outbox_backlog")!;
    expect(backlogBefore).toBeGreaterThanOrEqual(0);
    for (const name of ["tolov_provider_callbacks_total", "tolov_provider_callback_duration_seconds", "tolov_reservations_held", "tolov_outbox_backlog", "tolov_outbox_deliveries_total", "tolov_outbox_delivery_failures_total"]) {
      expect(before.text).toContain(`# HELP ${name} `);
    }

    const order = await createOrder(app.url);
    const id = newPaymeId();
    await store.client.result("CreateTransaction", { id, time: Date.now(), amount: Number(order.amount), account: { order_id: order.number } });
    const held = await get(`${app.url}/api/metrics`, `Bearer ${TOKEN}`);
    expect(sample(held.text, "tolov_reservations_held", { provider: "payme" })).toBe(1);

    await store.client.result("PerformTransaction", { id });
    const after = await get(`${app.url}/api/metrics`, `Bearer ${TOKEN}`);
    expect(sample(after.text, "tolov_provider_callbacks_total", labels)).toBe(performedBefore + 1);
    expect(sample(after.text, "tolov_provider_callback_duration_seconds_count", labels)).toBe(performedBefore + 1);
    expect(sample(after.text, "tolov_provider_callback_duration_seconds_bucket", { ...labels, le: "+Inf" })).toBe(performedBefore + 1);
    expect(sample(after.text, "tolov_provider_callback_duration_seconds_sum", labels)).toBeGreaterThan(0);
    expect(sample(after.text, "tolov_provider_callbacks_total", { provider: "payme", method: "CreateTransaction", outcome: "ok" })).toBeGreaterThanOrEqual(1);
    expect(sample(after.text, "tolov_reservations_held", { provider: "payme" })).toBeUndefined();
    // Perform writes payment.received and order.paid; nothing delivers them yet.
    expect(sample(after.text, "tolov_outbox_backlog")).toBe(backlogBefore + 2);

    // An error answer is counted under its code.
    await store.client.error("PerformTransaction", { id: newPaymeId() });
    const refused = await get(`${app.url}/api/metrics`, `Bearer ${TOKEN}`);
    expect(sample(refused.text, "tolov_provider_callbacks_total", { provider: "payme", method: "PerformTransaction", outcome: "error:-31003" })).toBeGreaterThanOrEqual(1);
  });

  it("the structured log has one line per Payme call with method, order number, outcome and duration, and neither the key nor the admin password", async () => {
    const order = await createOrder(app.url);
    const id = newPaymeId();
    await store.client.result("CreateTransaction", { id, time: Date.now(), amount: Number(order.amount), account: { order_id: order.number } });
    await store.client.result("PerformTransaction", { id });
    type Line = Record<string, unknown>;
    const lines = async () =>
      readFileSync(logFile, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Line);
    // Written asynchronously: wait for the line.
    await expect.poll(async () => (await lines()).filter((line) => line.reference === id).map((line) => line.method), { timeout: 10_000 }).toEqual(["CreateTransaction", "PerformTransaction"]);
    const perform = (await lines()).find((line) => line.reference === id && line.method === "PerformTransaction")!;
    expect(perform).toMatchObject({ level: "info", component: "provider", direction: "in", provider: "payme", orderNumber: Number(order.number), outcome: "ok", msg: "provider callback" });
    expect(typeof perform.durationMs).toBe("number");
    expect((await lines()).some((line) => line.msg === "store started")).toBe(true);
    const text = readFileSync(logFile, "utf8");
    for (const secret of [store.key, store.adminPassword, store.appSecret, TOKEN]) expect(text).not.toContain(secret);
  });

  it("without METRICS_TOKEN: /api/metrics answers 404 and /api/health only {ok}, whatever Authorization says", async () => {
    const plain = await startApp({ databaseUrl: database.url, env: { APP_SECRET: store.appSecret, ADMIN_PASSWORD: store.adminPassword, PAYMENTS_MODE: "sandbox", SANDBOX_PORT: String(sandboxPort) } });
    try {
      expect((await get(`${plain.url}/api/metrics`, `Bearer ${TOKEN}`)).status).toBe(404);
      const health = await get(`${plain.url}/api/health`, `Bearer ${TOKEN}`);
      expect([health.status, health.body]).toEqual([200, { ok: true }]);
    } finally {
      await plain.stop();
    }
  });

  if (kind === "postgresql") {
    it("a database that no longer answers: 503 {ok: false}, and the details say so", async () => {
      const doomed = await freshDatabase(kind);
      const lone = await startApp({ databaseUrl: doomed.url, env: { METRICS_TOKEN: TOKEN, PAYMENTS_MODE: "sandbox", SANDBOX_PORT: String(await freePort()) } });
      try {
        expect((await get(`${lone.url}/api/health`)).status).toBe(200);
        await doomed.drop();
        const health = await get(`${lone.url}/api/health`);
        expect([health.status, health.body]).toEqual([503, { ok: false }]);
        const details = await get(`${lone.url}/api/health`, `Bearer ${TOKEN}`);
        expect(details.status).toBe(503);
        expect(details.body).toEqual({
          ok: false,
          database: { reachable: false, kind: "postgresql" },
          migrations: { current: false, pending: null },
          providers: null,
          sandbox: expect.stringMatching(/^(running|elsewhere|stopped)$/),
          outbox: { backlog: null },
        });
      } finally {
        await lone.stop();
      }
    });
  }
});
