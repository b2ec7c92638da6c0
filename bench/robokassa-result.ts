// Robokassa's ResultURL under load (issue 12 item 8), one part of `npm run bench`: a fresh
// database per kind with one unpaid attempt per notification, then valid notifications (POST
// form, six-decimal OutSum, upper-case MD5, `Shp_order`), a new InvId each, over `connections`
// connections against
//   physical floor  node:http + driver, fewest statements (bench/robokassa-result-floor.ts)
//   floor           the store's ResultURL handler behind bare node:http (the same file)
//   store           server.ts's fast route (what Robokassa reaches)
// with the store's and the handler floor's ratios to the physical floor, as the Payme rows have.
// Throughput is responses over the wall time to the last response; every answer must be OK{InvId}.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { createSql, type SqlDatabase } from "../lib/db/sql";
import { freshDatabase, isPostgresReachable, testPgUrl, type TestDatabaseKind } from "../test/helpers/database";
import { repoRoot } from "../test/helpers/paths";
import { freePort } from "../test/helpers/ports";
import { BENCH_AMOUNT, insertOrders } from "./bulk-data";

export type RobokassaBenchOptions = { connections: number; seconds: number; warmup: number; log: (line: string) => void };

type Target = "physical" | "floor" | "store";
const TARGETS: readonly Target[] = ["physical", "floor", "store"];
const NAMES: Record<Target, string> = {
  physical: "physical floor: node:http + driver",
  floor: "floor: node:http + handler",
  store: "store: server.ts fast route",
};
/** Upper bounds of notifications per second, to size each target's pool of unpaid attempts. */
const MAX_PER_S: Record<TestDatabaseKind, number> = { sqlite: 6_000, postgresql: 3_000 };
/** OutSum of every bench attempt: 5 666.67 ₽ (the order's 850 000 so'm at 150 so'm per rouble, rounded up). */
const OUT_SUM_KOPEKS = 566_667n;
const OUT_SUM = "5666.670000";

export type RobokassaResultRow = {
  kind: TestDatabaseKind;
  target: Target;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  /** Answers other than 200 `OK{InvId}`. */
  failures: number;
  ranOut: boolean;
};

type Server = { url: string; stop(): Promise<void> };

/** A child process (its own group) serving `url`, ready once POST /api/robokassa/result answers at all. */
async function startChild(args: string[], env: Record<string, string>, path: string): Promise<Server> {
  const port = await freePort({ pair: true });
  const url = `http://127.0.0.1:${port}`;
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(PAYME|CLICK|ROBOKASSA|SANDBOX)_|^(PORT|HOST|DATABASE_URL|DATA_DIR|PUBLIC_URL|PAYMENTS_MODE|APP_SECRET|ADMIN_PASSWORD)$/.test(key)));
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: repoRoot,
    env: { ...clean, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: url, SANDBOX_PORT: String(port + 1), ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = (signal: NodeJS.Signals) => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // gone
      }
    }
  };
  const stop = async () => {
    kill("SIGTERM");
    const timer = setTimeout(() => kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const up = await fetch(`${url}${path}`, { method: "POST", body: "", signal: AbortSignal.timeout(3_000) }).then(
      (response) => response.status > 0,
      () => false,
    );
    if (up) return { url, stop };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`${args.join(" ")} did not serve ${path}:\n${output.slice(-2000)}`);
}

/** One unpaid attempt per order (direct SQL, as the store would have stored them); their InvIds. */
async function insertAttempts(sql: SqlDatabase, orders: number[]): Promise<number[]> {
  const now = new Date();
  const expires = new Date(now.getTime() + 3_600_000);
  for (let from = 0; from < orders.length; from += 500) {
    const slice = orders.slice(from, from + 500);
    await sql.run(
      `INSERT INTO "RobokassaAttempt" ("orderNumber", "amount", "rate", "rateDate", "rateSource", "outSum", "createdAt", "expiresAt")
       SELECT "number", ?, '150', '2026-12-01', 'cbu', ?, ?, ? FROM "Order" WHERE "number" IN (${slice.map(() => "?").join(", ")})`,
      [BENCH_AMOUNT, OUT_SUM_KOPEKS, now, expires, ...slice],
    );
  }
  const rows = await sql.all<{ invId: number }>(`SELECT "invId" FROM "RobokassaAttempt" ORDER BY "invId"`);
  return rows.map((row) => Number(row.invId));
}

function notificationBody(invId: number, orderNumber: number, password2: string): string {
  const signature = createHash("md5").update(`${OUT_SUM}:${invId}:${password2}:Shp_order=${orderNumber}`).digest("hex").toUpperCase();
  return new URLSearchParams({ OutSum: OUT_SUM, InvId: String(invId), Fee: "0.000000", EMail: "", SignatureValue: signature, PaymentMethod: "BankCard", IsTest: "1", Shp_order: String(orderNumber) }).toString();
}

type Pool = { items: { invId: number; orderNumber: number }[]; next: number };

async function load(url: string, pool: Pool, password2: string, connections: number, seconds: number) {
  const latencies: number[] = [];
  let failures = 0;
  let ranOut = false;
  let last = 0;
  let instance: autocannon.Instance | undefined;
  const started = performance.now();
  await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        timeout: 30,
        requests: [
          {
            method: "POST",
            path: "/api/robokassa/result",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            setupRequest(request) {
              const item = pool.items[pool.next++];
              if (!item) {
                if (!ranOut) {
                  ranOut = true;
                  setImmediate(() => instance?.stop());
                }
                pool.next = pool.items.length;
                request.body = notificationBody(0, 0, password2);
                return request;
              }
              request.body = notificationBody(item.invId, item.orderNumber, password2);
              return request;
            },
            onResponse(status, body) {
              if (status !== 200 || !/^OK\d+$/.test(body)) failures += 1;
            },
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
      last = performance.now();
    });
  });
  return { latencies, failures, ranOut, seconds: ((last || performance.now()) - started) / 1000 };
}

const percentile = (sorted: number[], fraction: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]! : Number.NaN);

/** Measures ResultURL on one database kind: physical floor, handler floor, store, in that order, each after a warm-up. */
export async function benchRobokassaResult(kind: TestDatabaseKind, options: RobokassaBenchOptions): Promise<RobokassaResultRow[]> {
  const database = await freshDatabase(kind);
  const appSecret = randomBytes(32).toString("base64url");
  const password2 = `bench-p2-${randomBytes(6).toString("hex")}`;
  const env = {
    PAYMENTS_MODE: "sandbox",
    APP_SECRET: appSecret,
    ADMIN_PASSWORD: `bench-${appSecret.slice(0, 12)}`,
    ROBOKASSA_LOGIN: "tolov-bench",
    ROBOKASSA_TEST_PASSWORD1: `bench-p1-${randomBytes(6).toString("hex")}`,
    ROBOKASSA_TEST_PASSWORD2: password2,
    ROBOKASSA_PASSWORD3: `bench-p3-${randomBytes(6).toString("hex")}`,
    ROBOKASSA_HASH: "md5",
  };
  const dataDir = mkdtempSync(join(tmpdir(), "tolov-bench-robokassa-"));
  const servers: Server[] = [];
  let sql: SqlDatabase | undefined;
  try {
    options.log(`${kind}: Robokassa ResultURL — starting the store (migrates the new database)…`);
    const store = await startChild(["server.ts"], { DATABASE_URL: database.url, DATA_DIR: dataDir, CBU_RATES_URL: "http://127.0.0.1:9/unreachable", ...env }, "/api/robokassa/result");
    servers.push(store);
    sql = createSql(database.url);
    const size = Math.ceil((options.warmup + options.seconds) * MAX_PER_S[kind]);
    options.log(`${kind}: inserting ${(size * TARGETS.length).toLocaleString("en")} orders with an unpaid Robokassa attempt each…`);
    const orders = await insertOrders(sql, size * TARGETS.length);
    const invIds = await insertAttempts(sql, orders);
    const items = invIds.map((invId, index) => ({ invId, orderNumber: orders[index]! }));
    const floorEnv = { DATABASE_URL: database.url, APP_SECRET: appSecret, ROBOKASSA_PASSWORD2: password2 };
    const physical = await startChild(["bench/robokassa-result-floor.ts"], { ...floorEnv, MODE: "physical" }, "/api/robokassa/result");
    servers.push(physical);
    const floor = await startChild(["bench/robokassa-result-floor.ts"], { ...floorEnv, MODE: "handler" }, "/api/robokassa/result");
    servers.push(floor);
    const urls: Record<Target, string> = { physical: physical.url, floor: floor.url, store: store.url };

    const rows: RobokassaResultRow[] = [];
    for (const [index, target] of TARGETS.entries()) {
      const pool: Pool = { items: items.slice(index * size, (index + 1) * size), next: 0 };
      if (options.warmup > 0) {
        options.log(`  ${kind} ${NAMES[target]}: warm-up ${options.warmup} s`);
        await load(urls[target], pool, password2, options.connections, options.warmup);
      }
      options.log(`  ${kind} ${NAMES[target]}: ${options.seconds} s at ${options.connections} connections`);
      const run = await load(urls[target], pool, password2, options.connections, options.seconds);
      const sorted = run.latencies.sort((a, b) => a - b);
      rows.push({
        kind,
        target,
        requestsPerSecond: run.latencies.length / run.seconds,
        p50: percentile(sorted, 0.5),
        p99: percentile(sorted, 0.99),
        requests: run.latencies.length,
        failures: run.failures,
        ranOut: run.ranOut,
      });
    }
    // Every accepted notification paid its order exactly once.
    const paid = await sql.get<{ n: bigint }>(`SELECT COUNT(*) AS "n" FROM "LedgerEntry" WHERE "provider" = 'robokassa'`, [], { n: "bigint" });
    const answered = rows.reduce((sum, row) => sum + row.requests - row.failures, 0);
    if (Number(paid?.n ?? 0n) < answered) options.log(`  ${kind}: ${answered} OK answers but ${paid?.n} ledger entries`);
    return rows;
  } finally {
    for (const server of servers.reverse()) await server.stop();
    await sql?.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "—");

/** The table `npm run bench` prints after the Payme one. */
export function robokassaResultTable(rows: RobokassaResultRow[], options: Pick<RobokassaBenchOptions, "connections" | "seconds" | "warmup">): string {
  const lines = [
    "",
    `Robokassa ResultURL notifications (POST form, six-decimal OutSum, MD5, a new InvId each), ${options.connections} connections, ${options.seconds} s per target after ${options.warmup} s warm-up`,
    ["target".padEnd(38), "db".padEnd(10), "req/s".padStart(8), "p50 ms".padStart(8), "p99 ms".padStart(8), "req/s÷phys".padStart(11), "p99÷phys".padStart(9), "req/s÷floor".padStart(12), "failed".padStart(7)].join(" "),
  ];
  for (const row of rows) {
    const physical = rows.find((other) => other.kind === row.kind && other.target === "physical");
    const floor = rows.find((other) => other.kind === row.kind && other.target === "floor");
    const ratio = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? "" : `${fmt(value, 2)}×`);
    lines.push(
      [
        NAMES[row.target].padEnd(38),
        row.kind.padEnd(10),
        fmt(row.requestsPerSecond).padStart(8),
        fmt(row.p50, 1).padStart(8),
        fmt(row.p99, 1).padStart(8),
        (row.target === "physical" ? "" : ratio(physical && row.requestsPerSecond / physical.requestsPerSecond)).padStart(11),
        (row.target === "physical" ? "" : ratio(physical && row.p99 / physical.p99)).padStart(9),
        (row.target === "store" ? ratio(floor && row.requestsPerSecond / floor.requestsPerSecond) : "").padStart(12),
        `${row.failures}${row.ranOut ? " (ran out of attempts)" : ""}`.padStart(7),
      ].join(" "),
    );
  }
  return lines.join("\n");
}

/**
 * The whole Robokassa part for `npm run bench`: each kind measured (PostgreSQL skipped when no
 * server answers), the table as text; a kind that fails is named with its error.
 */
export async function robokassaBenchSection(kinds: readonly TestDatabaseKind[], options: RobokassaBenchOptions): Promise<string> {
  const rows: RobokassaResultRow[] = [];
  const skipped: string[] = [];
  for (const kind of kinds) {
    if (kind === "postgresql" && !(await isPostgresReachable())) {
      skipped.push(`Robokassa on PostgreSQL not measured: no server answers at ${testPgUrl()}.`);
      continue;
    }
    try {
      rows.push(...(await benchRobokassaResult(kind, options)));
    } catch (error) {
      skipped.push(`Robokassa on ${kind} not measured: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return [robokassaResultTable(rows, options), ...skipped].join("\n");
}
