// Click's SHOP API under load, for `npm run bench` (issue 11 §8): full Prepare → Complete
// lifecycles (a fresh order each, signed form-encoded callbacks as Click sends them) over the
// bench's connections, against the store as `npm start` runs it (server.ts answers
// /api/click/prepare|complete before Next.js). Its throughput is set against the same physical
// floor as Payme's lifecycles (bench/physical-floor.ts, measured by bench/merchant-api.ts on the
// same database kind). The runner calls `benchClickLifecycles` per database and prints
// `clickReport` after its own table.
import { createHash, randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { createSql, type SqlDatabase } from "../lib/db/sql";
import { freshDatabase, type TestDatabaseKind } from "../test/helpers/database";
import { BENCH_AMOUNT, insertOrders } from "./bulk-data";
import { startStore, type BenchServer } from "./processes";

export type ClickBenchOptions = { connections: number; durationS: number; warmupS: number };

export type ClickBenchResult = {
  kind: TestDatabaseKind;
  requestsPerSecond: number;
  lifecyclesPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  /** Answers with a Click `error` other than 0. */
  clickErrors: number;
  httpErrors: number;
  ranOut: boolean;
};

/** Lifecycles per second no run here reaches on 2 cores: sizes the order pool. */
const MAX_LIFECYCLES_PER_S: Record<TestDatabaseKind, number> = { sqlite: 3_000, postgresql: 1_500 };

const SERVICE_ID = "30999";
const AMOUNT = `${BENCH_AMOUNT / 100n}.${String(BENCH_AMOUNT % 100n).padStart(2, "0")}`;
const md5 = (text: string) => createHash("md5").update(text, "utf8").digest("hex");
const signTime = () => new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
let nextTransId = 9_000_000_000n + BigInt(Date.now() % 1_000_000) * 10_000n;

type Context = { clickTransId?: string; order?: number; prepareId?: string };

async function runLifecycles(store: BenchServer, secret: string, pool: { orders: number[]; next: number }, seconds: number, connections: number) {
  const latencies: number[] = [];
  let lastResponseAt = 0;
  let clickErrors = 0;
  let ranOut = false;
  let instance: autocannon.Instance | undefined;
  const headers = { "content-type": "application/x-www-form-urlencoded" };
  const startedAt = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: store.url,
        connections,
        duration: seconds,
        timeout: 30,
        requests: [
          {
            method: "POST",
            path: "/api/click/prepare",
            headers,
            setupRequest(request, raw) {
              const context = raw as Context;
              const order = pool.orders[pool.next++];
              if (order === undefined && !ranOut) {
                ranOut = true;
                setImmediate(() => instance?.stop());
              }
              context.clickTransId = String(nextTransId++);
              context.order = order ?? 0;
              const time = signTime();
              const fields = { click_trans_id: context.clickTransId, service_id: SERVICE_ID, merchant_trans_id: String(context.order), amount: AMOUNT, action: "0", sign_time: time };
              const sign = md5(fields.click_trans_id + SERVICE_ID + secret + fields.merchant_trans_id + AMOUNT + "0" + time);
              request.body = new URLSearchParams({ ...fields, click_paydoc_id: fields.click_trans_id, error: "0", error_note: "Success", sign_string: sign }).toString();
              return request;
            },
            onResponse(_status, body, raw) {
              const answer = /"merchant_prepare_id":"?(\d+)/.exec(body);
              (raw as Context).prepareId = answer?.[1] ?? "0";
              if (!body.includes('"error":0')) clickErrors += 1;
            },
          },
          {
            method: "POST",
            path: "/api/click/complete",
            headers,
            setupRequest(request, raw) {
              const context = raw as Context;
              const time = signTime();
              const order = String(context.order);
              const sign = md5(context.clickTransId! + SERVICE_ID + secret + order + context.prepareId! + AMOUNT + "1" + time);
              request.body = new URLSearchParams({
                click_trans_id: context.clickTransId!,
                service_id: SERVICE_ID,
                click_paydoc_id: context.clickTransId!,
                merchant_trans_id: order,
                merchant_prepare_id: context.prepareId!,
                amount: AMOUNT,
                action: "1",
                error: "0",
                error_note: "Success",
                sign_time: time,
                sign_string: sign,
              }).toString();
              return request;
            },
            onResponse(_status, body) {
              if (!body.includes('"error":0')) clickErrors += 1;
            },
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
      lastResponseAt = performance.now();
    });
  });
  return { result, latencies, wallSeconds: ((lastResponseAt || performance.now()) - startedAt) / 1000, clickErrors, ranOut };
}

const percentile = (sorted: number[], fraction: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? Number.NaN;

/** A fresh database, a store with Click's keys, a pool of payable orders; warm-up, then one measured run. */
export async function benchClickLifecycles(kind: TestDatabaseKind, options: ClickBenchOptions, log: (line: string) => void): Promise<ClickBenchResult> {
  const database = await freshDatabase(kind);
  const secret = `bench-click-${randomBytes(9).toString("base64url")}`;
  const appSecret = randomBytes(32).toString("base64url");
  const env = {
    PAYMENTS_MODE: "sandbox",
    APP_SECRET: appSecret,
    ADMIN_PASSWORD: `bench-${appSecret.slice(0, 12)}`,
    CLICK_SERVICE_ID: SERVICE_ID,
    CLICK_MERCHANT_ID: "40999",
    CLICK_MERCHANT_USER_ID: "50999",
    CLICK_SECRET_KEY: secret,
  };
  let store: BenchServer | undefined;
  let sql: SqlDatabase | undefined;
  try {
    log(`${kind}: Click — starting a store with Click's keys…`);
    store = await startStore(database.url, env);
    sql = createSql(database.url);
    const orders = await insertOrders(sql, Math.ceil((options.warmupS + options.durationS) * MAX_LIFECYCLES_PER_S[kind]) + 100);
    const pool = { orders, next: 0 };
    if (options.warmupS > 0) {
      log(`  ${kind} Click Prepare → Complete: warm-up ${options.warmupS} s`);
      await runLifecycles(store, secret, pool, options.warmupS, options.connections);
    }
    log(`  ${kind} Click Prepare → Complete: ${options.durationS} s at ${options.connections} connections`);
    const run = await runLifecycles(store, secret, pool, options.durationS, options.connections);
    const sorted = run.latencies.sort((a, b) => a - b);
    const requestsPerSecond = run.latencies.length / run.wallSeconds;
    return {
      kind,
      requestsPerSecond,
      lifecyclesPerSecond: requestsPerSecond / 2,
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      requests: run.latencies.length,
      clickErrors: run.clickErrors,
      httpErrors: run.result.errors + run.result.non2xx,
      ranOut: run.ranOut,
    };
  } finally {
    await store?.stop();
    await sql?.close();
    await database.drop();
  }
}

/**
 * The Click rows: req/s, lifecycles/s, p50/p99, and the ratios to Payme's physical floor of the
 * same database (`floors`: kind → {req/s, p99}); the bars are issue 9's (must ≥ 0.5×, p99 ≤ 2×).
 */
export function clickReport(results: ClickBenchResult[], floors: Partial<Record<TestDatabaseKind, { requestsPerSecond: number; p99: number }>>, connections: number): string {
  const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "?");
  const lines = ["", `Click lifecycles (Prepare → Complete, fresh order each, signed form-encoded), ${connections} connections, store as npm start runs it; ÷phys: against Payme's physical floor on the same database`];
  lines.push(["db        ", "  req/s", " lifecycles/s", " p50 ms", " p99 ms", " req/s÷phys", " p99÷phys", "  must ≥0.5× ≤2×", "  notes"].join(" "));
  for (const row of results) {
    const floor = floors[row.kind];
    const toFloor = floor ? row.requestsPerSecond / floor.requestsPerSecond : Number.NaN;
    const p99ToFloor = floor ? row.p99 / floor.p99 : Number.NaN;
    const verdict = !floor ? "? (no floor measured)" : toFloor >= 0.5 && p99ToFloor <= 2 ? "met" : "NOT met";
    const notes = [row.clickErrors ? `${fmt(row.clickErrors)} Click errors` : "", row.httpErrors ? `${fmt(row.httpErrors)} HTTP errors` : "", row.ranOut ? "orders ran out" : ""].filter(Boolean);
    lines.push(
      [
        row.kind.padEnd(10),
        fmt(row.requestsPerSecond).padStart(7),
        fmt(row.lifecyclesPerSecond).padStart(13),
        fmt(row.p50, 1).padStart(7),
        fmt(row.p99, 1).padStart(7),
        (floor ? `${fmt(toFloor, 2)}×` : "").padStart(11),
        (floor ? `${fmt(p99ToFloor, 2)}×` : "").padStart(9),
        `  ${verdict}`.padEnd(17),
        `  ${notes.join(", ")}`,
      ].join(" "),
    );
  }
  return lines.join("\n");
}
