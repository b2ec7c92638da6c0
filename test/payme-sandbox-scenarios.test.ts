// The Payme sandbox's two scenarios (test.paycom.uz) against the running store: through the
// reusable runner (lib/payments/payme/sandbox-scenarios.ts), through its CLI
// (`npm run payme:sandbox-check`), and step by step with explicit assertions on the answers
// and on the order's ledger, status and outbox. Runs on SQLite and on PostgreSQL.
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSandboxScenarios, storeOrderFactory, type ScenarioCheck } from "@/lib/payments/payme/sandbox-scenarios";
import { freshDatabase, testDatabaseKind, type FreshDatabase } from "./helpers/database";
import { repoRoot } from "./helpers/paths";
import {
  basicAuth,
  createOrder,
  newPaymeId,
  orderView,
  PaymeClient,
  startPaymeStores,
  StoreDatabase,
  UNEXPECTED_FAILURE_LOG,
  type PaymeStore,
} from "./helpers/payme";

const kind = testDatabaseKind();

function failures(checks: ScenarioCheck[]): string[] {
  return checks.filter((check) => !check.ok).map((check) => `${check.name}: ${check.detail}`);
}

/** Runs `npm run payme:sandbox-check`'s script (tsx) and collects its output. */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "scripts", "payme-sandbox-check.ts"), ...args], {
      cwd: repoRoot,
      env: { ...process.env, PAYME_TEST_KEY: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe(`Payme sandbox scenarios on ${kind}`, () => {
  let database: FreshDatabase;
  let store: PaymeStore;
  let client: PaymeClient;
  let db: StoreDatabase;
  let endpoint: string;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    [store] = (await startPaymeStores(database)) as [PaymeStore];
    client = store.client;
    endpoint = client.endpoint;
    db = new StoreDatabase(database.url, store.appSecret);
  });

  afterAll(async () => {
    await db?.close();
    await store?.app.stop();
    await database?.drop();
  });

  describe("the runner", () => {
    it("passes every check with orders it creates through the store's API", async () => {
      const checks = await runSandboxScenarios({ url: endpoint, key: store.key, order: storeOrderFactory(store.app.url) });
      expect(failures(checks)).toEqual([]);
      const names = checks.map((check) => check.name);
      expect(names.filter((name) => name.startsWith("1.1 wrong authorization:"))).toHaveLength(6);
      for (const step of ["1.2", "1.3", "1.4", "2.1", "2.2", "2.3"]) expect(names.some((name) => name.startsWith(step)), step).toBe(true);
      expect(checks.length).toBeGreaterThanOrEqual(30);
      expect(JSON.stringify(checks)).not.toContain(store.key);
    });

    it("passes with one given order: scenario 1 leaves it payable for scenario 2, which pays and refunds it", async () => {
      const order = await createOrder(store.app.url);
      const checks = await runSandboxScenarios({ url: endpoint, key: store.key, order: { number: order.number, amount: order.amount } });
      expect(failures(checks)).toEqual([]);
      const view = await orderView(store.app.url, order.id);
      expect(view.status).toBe("refunded");
      expect(view.payments.map((entry) => entry.kind)).toEqual(["payment", "refund"]);
      expect(await db.eventTypes(order.number)).toEqual(["payment.received", "order.paid", "refund.recorded", "order.refunded"]);
      // Scenario 1's cancelled attempt, scenario 2's refunded one.
      expect((await db.transactionsOf(order.number)).map((row) => [row.state, row.reason])).toEqual([
        [-1, 3],
        [-2, 5],
      ]);
    });

    it("accepts -31007 for a fulfilled order's refund as the sandbox does", async () => {
      const order = await createOrder(store.app.url);
      await db.setOrderColumn(order.number, "fulfilledAt", new Date());
      const checks = await runSandboxScenarios({ url: endpoint, key: store.key, order: { number: order.number, amount: order.amount } });
      expect(failures(checks)).toEqual([]);
      expect(checks.find((check) => check.name.startsWith("2.3 CancelTransaction (state 2)"))?.detail).toMatch(/-31007/);
      expect((await orderView(store.app.url, order.id)).status).toBe("paid");
    });

    it("reports failures, without the key, against a wrong key", async () => {
      const order = await createOrder(store.app.url);
      const wrongKey = `wrong-${newPaymeId()}`;
      const checks = await runSandboxScenarios({ url: endpoint, key: wrongKey, order: { number: order.number, amount: order.amount } });
      // Wrong-authorization checks still pass (everything is refused); every step needing the key fails.
      expect(checks.filter((check) => check.name.startsWith("1.1 wrong authorization:")).every((check) => check.ok)).toBe(true);
      expect(checks.find((check) => check.name === "1.3 CheckPerformTransaction → allow")?.ok).toBe(false);
      expect(failures(checks).length).toBeGreaterThan(10);
      expect(JSON.stringify(checks)).not.toContain(wrongKey);
      expect((await orderView(store.app.url, order.id)).status).toBe("pending");
    });

    it("reports a faulty endpoint check by check instead of throwing", async () => {
      // An endpoint that takes any key and answers every call with an empty result, or HTTP 500.
      let calls = 0;
      const faulty: Server = createServer((request, response) => {
        calls += 1;
        let body = "";
        request.on("data", (chunk) => (body += chunk));
        request.on("end", () => {
          const id = (JSON.parse(body || "{}") as { id?: unknown }).id ?? null;
          if (calls % 7 === 0) {
            response.writeHead(500, { "content-type": "text/plain" });
            response.end("Internal Server Error");
            return;
          }
          response.writeHead(200, { "content-type": "application/json" });
          response.end(JSON.stringify({ jsonrpc: "2.0", id, result: { allow: true, state: 1 } }));
        });
      });
      await new Promise<void>((resolve) => faulty.listen(0, "127.0.0.1", resolve));
      try {
        const address = faulty.address() as { port: number };
        const checks = await runSandboxScenarios({ url: `http://127.0.0.1:${address.port}/api/payme`, key: "faulty-key-123", order: { number: "5", amount: "100000" } });
        expect(checks.length).toBeGreaterThanOrEqual(30);
        expect(checks.find((check) => check.name === "1.1 wrong authorization: CheckPerformTransaction → -32504")?.ok).toBe(false);
        expect(failures(checks).some((line) => /HTTP 500/.test(line))).toBe(true);
        expect(checks.filter((check) => check.ok).length).toBeLessThan(checks.length / 2);
      } finally {
        await new Promise<void>((resolve) => faulty.close(() => resolve()));
      }
    });

    it("reports an endpoint nobody answers as failed checks", async () => {
      const checks = await runSandboxScenarios({ url: "http://127.0.0.1:9/api/payme", key: "k", order: { number: "5", amount: "100" }, timeoutMs: 2_000 });
      expect(checks.length).toBeGreaterThan(0);
      expect(checks.every((check) => !check.ok)).toBe(true);
      expect(checks[0]!.detail).toMatch(/request failed/);
    });

    it("reports an order that cannot be created as one failed check per scenario", async () => {
      const checks = await runSandboxScenarios({ url: endpoint, key: store.key, order: storeOrderFactory("http://127.0.0.1:9") });
      expect(checks.map((check) => [check.name, check.ok])).toEqual([
        ["prepare an order", false],
        ["prepare an order", false],
      ]);
    });
  });

  describe("npm run payme:sandbox-check", () => {
    it("creates an order at the endpoint's origin, prints a PASS line per check and exits 0", async () => {
      const result = await runCli(["--url", endpoint, "--key", store.key]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const lines = result.stdout.split("\n").filter((line) => /^(PASS|FAIL) /.test(line));
      expect(lines.length).toBeGreaterThanOrEqual(30);
      expect(lines.every((line) => line.startsWith("PASS"))).toBe(true);
      expect(result.stdout).toMatch(new RegExp(`^${lines.length} passed, 0 failed$`, "m"));
      expect(result.stdout + result.stderr).not.toContain(store.key);
    });

    it("uses --order and --amount when given", async () => {
      const order = await createOrder(store.app.url);
      const result = await runCli(["--url", endpoint, "--key", store.key, "--order", order.number, "--amount", order.amount]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect((await orderView(store.app.url, order.id)).status).toBe("refunded");
    });

    it("prints FAIL lines and exits 1 when checks fail, never printing the key", async () => {
      const wrongKey = `wrong-${newPaymeId()}`;
      const result = await runCli(["--url", endpoint, "--key", wrongKey]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^FAIL {2}1\.3 CheckPerformTransaction → allow — /m);
      expect(result.stdout).toMatch(/^\d+ passed, [1-9]\d* failed$/m);
      expect(result.stdout + result.stderr).not.toContain(wrongKey);
    });

    it("exits 2 on a usage error", async () => {
      for (const args of [[], ["--url", endpoint], ["--url", "ftp://x", "--key", "k"], ["--url", endpoint, "--key", "k", "--order", "5"], ["--bogus"]]) {
        const result = await runCli(args);
        expect(result.code, args.join(" ")).toBe(2);
        expect(result.stderr).toMatch(/Usage: npm run payme:sandbox-check/);
      }
    });
  });

  describe("explicitly, step by step", () => {
    it("scenario 1: create and cancel an unperformed transaction", async () => {
      const order = await createOrder(store.app.url);
      const account = { order_id: order.number };
      const amount = Number(order.amount);

      // 1. Wrong authorization on every method → -32504.
      const wrong = { authorization: basicAuth("Paycom:Uzcard:someRandomString1a2b3c") };
      const probeId = newPaymeId();
      for (const [method, params] of [
        ["CheckPerformTransaction", { amount, account }],
        ["CreateTransaction", { id: probeId, time: Date.now(), amount, account }],
        ["PerformTransaction", { id: probeId }],
        ["CancelTransaction", { id: probeId, reason: 3 }],
        ["CheckTransaction", { id: probeId }],
        ["GetStatement", { from: 0, to: Date.now() }],
      ] as const) {
        expect((await client.call(method, params, wrong)).error?.code, method).toBe(-32504);
      }
      expect(await db.transaction(probeId)).toBeUndefined();

      // 2. Wrong amount → -31001; a non-existent order → -31050.
      expect((await client.call("CheckPerformTransaction", { amount: amount + 100, account })).error).toMatchObject({ code: -31001, data: "amount" });
      expect((await client.call("CreateTransaction", { id: newPaymeId(), time: Date.now(), amount: amount + 100, account })).error).toMatchObject({
        code: -31001,
        data: "amount",
      });
      const missing = { order_id: "2147483646" };
      expect((await client.call("CheckPerformTransaction", { amount, account: missing })).error).toMatchObject({ code: -31050, data: "order_id" });
      expect((await client.call("CreateTransaction", { id: newPaymeId(), time: Date.now(), amount, account: missing })).error).toMatchObject({
        code: -31050,
        data: "order_id",
      });
      expect(await db.transactionsOf(order.number)).toEqual([]);

      // 3. Check → allow; Create; Create again → identical; CheckTransaction; a new id → -31008.
      expect((await client.result("CheckPerformTransaction", { amount, account })).allow).toBe(true);
      const id = newPaymeId();
      const time = Date.now();
      const created = await client.result("CreateTransaction", { id, time, amount, account });
      expect(created).toEqual({ create_time: expect.any(Number), transaction: expect.any(String), state: 1 });
      expect(await client.result("CreateTransaction", { id, time, amount, account })).toEqual(created);
      expect(await client.result("CheckTransaction", { id })).toEqual({ ...created, perform_time: 0, cancel_time: 0, reason: null });
      expect((await client.call("CreateTransaction", { id: newPaymeId(), time: Date.now(), amount, account })).error?.code).toBe(-31008);
      expect((await orderView(store.app.url, order.id)).status).toBe("processing");
      expect(await db.transactionsOf(order.number)).toHaveLength(1);

      // 4. Cancel → -1; again → identical; CheckTransaction → -1 with Cancel's reason, perform_time 0.
      const cancelled = await client.result("CancelTransaction", { id, reason: 3 });
      expect(cancelled).toEqual({ transaction: created.transaction, cancel_time: expect.any(Number), state: -1 });
      expect(await client.result("CancelTransaction", { id, reason: 3 })).toEqual(cancelled);
      expect(await client.result("CheckTransaction", { id })).toEqual({
        create_time: created.create_time,
        perform_time: 0,
        cancel_time: cancelled.cancel_time,
        transaction: created.transaction,
        state: -1,
        reason: 3,
      });
      const view = await orderView(store.app.url, order.id);
      expect([view.status, view.payable, view.payments]).toEqual(["pending", true, []]);
      expect(await db.eventTypes(order.number)).toEqual([]);
    });

    it("scenario 2: create, perform, cancel a performed transaction", async () => {
      const order = await createOrder(store.app.url);
      const account = { order_id: order.number };
      const amount = Number(order.amount);

      // 1. Check, Create, Create again, CheckTransaction, a new id → -31008.
      expect((await client.result("CheckPerformTransaction", { amount, account })).allow).toBe(true);
      const id = newPaymeId();
      const time = Date.now();
      const created = await client.result("CreateTransaction", { id, time, amount, account });
      expect(await client.result("CreateTransaction", { id, time, amount, account })).toEqual(created);
      expect(await client.result("CheckTransaction", { id })).toMatchObject({ state: 1, perform_time: 0, cancel_time: 0, reason: null });
      expect((await client.call("CreateTransaction", { id: newPaymeId(), time: Date.now(), amount, account })).error?.code).toBe(-31008);

      // 2. Perform → 2; again → identical; CheckTransaction → 2.
      const performed = await client.result("PerformTransaction", { id });
      expect(performed).toEqual({ transaction: created.transaction, perform_time: expect.any(Number), state: 2 });
      expect(await client.result("PerformTransaction", { id })).toEqual(performed);
      expect(await client.result("CheckTransaction", { id })).toEqual({
        create_time: created.create_time,
        perform_time: performed.perform_time,
        cancel_time: 0,
        transaction: created.transaction,
        state: 2,
        reason: null,
      });
      let view = await orderView(store.app.url, order.id);
      expect([view.status, view.paidAmount, view.payments.length]).toEqual(["paid", order.amount, 1]);
      expect(await db.eventTypes(order.number)).toEqual(["payment.received", "order.paid"]);

      // 3. Cancel → -2; again → identical; CheckTransaction → -2.
      const cancelled = await client.result("CancelTransaction", { id, reason: 5 });
      expect(cancelled).toEqual({ transaction: created.transaction, cancel_time: expect.any(Number), state: -2 });
      expect(await client.result("CancelTransaction", { id, reason: 5 })).toEqual(cancelled);
      expect(await client.result("CheckTransaction", { id })).toEqual({
        create_time: created.create_time,
        perform_time: performed.perform_time,
        cancel_time: cancelled.cancel_time,
        transaction: created.transaction,
        state: -2,
        reason: 5,
      });
      view = await orderView(store.app.url, order.id);
      expect([view.status, view.refundedAmount, view.payments.map((entry) => entry.kind)]).toEqual(["refunded", order.amount, ["payment", "refund"]]);
      expect(await db.eventTypes(order.number)).toEqual(["payment.received", "order.paid", "refund.recorded", "order.refunded"]);
    });
  });

  it("no call failed unexpectedly in the store, and the key never reached its log", () => {
    expect(store.app.logs()).not.toMatch(UNEXPECTED_FAILURE_LOG);
    expect(store.app.logs()).not.toContain(store.key);
  });
});
