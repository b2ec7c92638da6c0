// `npm run bench` — the Payme Merchant API under load, on SQLite and on PostgreSQL:
//   (a) the store as `npm start` runs it: server.ts answers POST /api/payme before Next.js;
//   (b) the Next.js route handler (app/api/payme/route.ts), in a second store started with
//       TOLOV_PAYME_FAST_PATH=off: the framework's cost;
//   floor: the same handler and SQL (handleMerchantRequest + createMerchantDeps) behind a bare
//       node:http server (bench/floor-server.ts): what the framework costs, not the data layer;
//   physical floor: node:http and the driver doing the fewest statements for the same checks
//       and writes (bench/physical-floor.ts): what the store's rules and SQL layer cost.
// Each runs the scenarios of bench/scenarios.ts (SCENARIOS: Payme's full lifecycles,
// CreateTransaction → PerformTransaction → CheckTransaction, a fresh order each, Basic auth;
// other providers' callbacks are further entries there) over 50 connections, on the targets
// each scenario names. Throughput is the responses over the wall
// time from the run's start to its last response (autocannon's own duration ends on a whole
// second). Every server counts its SQL statements (TOLOV_SQL_STATS=1): a few lifecycles one call
// at a time give statements per call for each method. Then GetStatement over a 1 000 000-row
// PaymeTransaction table: one-hour windows, through the store. Prints a table and whether the
// bars of issue 9 are met against the physical floor (must: ≥ 0.5× its throughput, p99 ≤ 2×;
// aim: 0.8×, p99 ≤ 1×; statement < 20 ms). Not a test: no assertion fails the run.
//
//   npm run bench -- [--db sqlite,postgresql] [--duration 10] [--warmup 3] [--connections 50]
//                    [--rows 1000000] [--statement-calls 50] [--rounds 3] [--count-calls 20]
//                    [--targets physical,floor,store,next]   (store or next: a production build is made;
//                    GetStatement is measured through the store, skipped with --rows 0)
//                    [--click on|off] [--page-weight on|off]
// On PostgreSQL the Payme scenarios also run on `pair`: two stores on the one database behind a
// round-robin proxy (test/helpers/round-robin-proxy.ts) — callback throughput of one instance
// against two (both share the 2 cores with the load generator and the database).
// Then Click's Prepare → Complete lifecycles (bench/click-callbacks.ts) and Robokassa's ResultURL
// (bench/robokassa-result.ts), against the same physical floor, and the first-load JavaScript of
// each shop page (bench/page-weight.ts).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { prepareStart } from "../lib/bootstrap";
import { createSql, type SqlDatabase } from "../lib/db/sql";
import { ensureBuild } from "../test/helpers/build";
import { freshDatabase, isPostgresReachable, testPgUrl, type TestDatabaseKind } from "../test/helpers/database";
import { insertOrders, insertStatementTransactions, type StatementTable } from "./bulk-data";
import { startRoundRobinProxy } from "../test/helpers/round-robin-proxy";
import { startFloor, startPhysicalFloor, startStore, type BenchServer } from "./processes";
import { benchClickLifecycles, clickReport, type ClickBenchResult } from "./click-callbacks";
import { pageWeightBenchSection } from "./page-weight";
import { robokassaBenchSection } from "./robokassa-result";
import { SCENARIOS, type Lifecycle, type Scenario, type Target } from "./scenarios";

const { values: args } = parseArgs({
  options: {
    db: { type: "string", default: "sqlite,postgresql" },
    duration: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    connections: { type: "string", default: "50" },
    rows: { type: "string", default: "1000000" },
    "statement-calls": { type: "string", default: "50" },
    rounds: { type: "string", default: "3" },
    "count-calls": { type: "string", default: "20" },
    click: { type: "string", default: "on" },
    targets: { type: "string", default: "physical,floor,store,next,pair" },
    "page-weight": { type: "string", default: "on" },
  },
});
const DURATION_S = Number(args.duration);
const WARMUP_S = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const STATEMENT_ROWS = Number(args.rows);
const STATEMENT_CALLS = Number(args["statement-calls"]);
/** The measured seconds of each target are split into rounds taken in turn (floor, store, Next), so background load hits all alike. */
const ROUNDS = Math.max(1, Number(args.rounds));
/** Lifecycles counted one call at a time for statements per call. */
const COUNT_CALLS = Math.max(1, Number(args["count-calls"]));
/** Lifecycles per second no target here reaches (2 cores): sizes the order pools (a pool that runs out ends its run and says so). */
const MAX_LIFECYCLES_PER_S: Record<TestDatabaseKind, Record<Target, number>> = {
  sqlite: { physical: 9_000, floor: 4_000, store: 4_000, next: 2_000, pair: 0 },
  postgresql: { physical: 3_000, floor: 1_500, store: 1_500, next: 1_000, pair: 2_000 },
};
const poolSize = (kind: TestDatabaseKind, target: Target) => Math.ceil((WARMUP_S + DURATION_S) * MAX_LIFECYCLES_PER_S[kind][target]) + COUNT_CALLS;

const ALL_TARGETS: readonly Target[] = ["physical", "floor", "store", "next", "pair"];
/** `--targets`: a subset to measure (e.g. `physical,floor` while working on the handler: no Next.js build needed). */
const TARGETS: readonly Target[] = ALL_TARGETS.filter((target) => String(args.targets).split(",").map((name) => name.trim()).includes(target));
/** The store process is started (and a production build made) only when it or the Next.js route is measured. */
const NEEDS_STORE = TARGETS.includes("store") || TARGETS.includes("next") || TARGETS.includes("pair");
/** The targets measured on `kind`: two instances need PostgreSQL (SQLite serves one process). */
const targetsOn = (kind: TestDatabaseKind) => TARGETS.filter((target) => target !== "pair" || kind === "postgresql");
const TARGET_NAMES: Record<Target, string> = {
  physical: "physical floor: node:http + driver",
  floor: "floor: node:http + handler",
  store: "(a) store: server.ts /api/payme",
  next: "(b) Next.js route (fast path off)",
  pair: "(c) two stores, round-robin proxy",
};

/** Statements per call, by the scenario's call names. */
type StatementsPerCall = Partial<Record<string, number>>;

type LoadResult = {
  scenario: Scenario;
  kind: TestDatabaseKind;
  target: Target;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  rpcErrors: number;
  httpErrors: number;
  ranOut: boolean;
  viaNext: boolean;
  statementsPerCall: StatementsPerCall;
};

type StatementResult = { kind: TestDatabaseKind; rows: number; p50: number; p99: number; max: number; meanListed: number };

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Runs the scenario's lifecycles for `seconds` on `connections`, each taking the next order of the pool. */
async function runLifecycles(
  scenario: Scenario,
  origin: string,
  headers: Record<string, string>,
  pool: { orders: number[]; next: number },
  seconds: number,
): Promise<{ result: autocannon.Result; latencies: number[]; wallSeconds: number; rpcErrors: number; ranOut: boolean; viaNext: boolean }> {
  const latencies: number[] = [];
  let lastResponseAt = 0;
  let rpcErrors = 0;
  let ranOut = false;
  let viaNext = false;
  type Context = { lifecycle?: Lifecycle };
  const onResponse = (status: number, body: string, _context: object, responseHeaders?: Record<string, unknown>) => {
    if (scenario.failed(status, body)) rpcErrors += 1;
    if (responseHeaders && String(responseHeaders.vary ?? responseHeaders.Vary ?? "").includes("rsc")) viaNext = true;
  };
  let instance: autocannon.Instance | undefined;
  const startedAt = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: origin,
        connections: CONNECTIONS,
        duration: seconds,
        timeout: 30,
        requests: scenario.calls.map((call, index) => ({
          method: "POST" as const,
          path: scenario.path,
          headers,
          setupRequest(request: autocannon.Request, context: object) {
            if (index === 0) {
              const order = pool.orders[pool.next++];
              if (order === undefined) {
                // The pool is empty: end the run here rather than send calls that must fail.
                if (!ranOut) {
                  ranOut = true;
                  setImmediate(() => instance?.stop());
                }
                pool.next = pool.orders.length;
              }
              (context as Context).lifecycle = { order: order ?? 0, state: {} };
            }
            request.body = call.body((context as Context).lifecycle!);
            return request;
          },
          onResponse,
        })),
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
      lastResponseAt = performance.now();
    });
  });
  // Timed to the last answer: autocannon's duration ends on a whole-second tick.
  const wallSeconds = ((lastResponseAt || performance.now()) - startedAt) / 1000;
  return { result, latencies, wallSeconds, rpcErrors, ranOut, viaNext };
}

type Measured = { target: Target; server: BenchServer; pool: { orders: number[]; next: number }; counted: number[] };

/**
 * Statements per call of each of the scenario's calls: COUNT_CALLS lifecycles one call at a time
 * (nothing else runs), the server's statement counter read before and after each call's turn.
 */
async function countStatements(scenario: Scenario, server: BenchServer, headers: Record<string, string>, orders: number[]): Promise<StatementsPerCall> {
  const lifecycles: Lifecycle[] = orders.map((order) => ({ order, state: {} }));
  const perCall: StatementsPerCall = {};
  for (const call of scenario.calls) {
    const before = await server.statements();
    for (const lifecycle of lifecycles) {
      const response = await fetch(`${server.url}${scenario.path}`, { method: "POST", headers, body: call.body(lifecycle) });
      const body = await response.text();
      if (scenario.failed(response.status, body)) throw new Error(`${call.name} failed while counting statements: ${body}`);
    }
    const after = await server.statements();
    if (before !== undefined && after !== undefined) perCall[call.name] = (after - before) / orders.length;
  }
  return perCall;
}

/** Warms every target up, then measures them in turn, `ROUNDS` times; percentiles over every response of every round. */
async function measureTargets(scenario: Scenario, kind: TestDatabaseKind, headers: Record<string, string>, targets: Measured[]): Promise<LoadResult[]> {
  for (const { target, server, pool } of targets) {
    if (WARMUP_S <= 0) break;
    log(`  ${scenario.name} ${kind} ${TARGET_NAMES[target]}: warm-up ${WARMUP_S} s`);
    await runLifecycles(scenario, server.url, headers, pool, WARMUP_S);
  }
  const totals = new Map<Target, { requests: number; seconds: number; latencies: number[]; rpcErrors: number; httpErrors: number; ranOut: boolean; viaNext: boolean }>();
  const statementsPerCall = new Map<Target, StatementsPerCall>();
  for (const { target, server, counted } of targets) {
    log(`  ${scenario.name} ${kind} ${TARGET_NAMES[target]}: counting statements over ${counted.length} lifecycles, one call at a time`);
    statementsPerCall.set(target, await countStatements(scenario, server, headers, counted).catch((error: unknown) => {
      log(`    ${error instanceof Error ? error.message : String(error)}`);
      return {};
    }));
  }
  const seconds = DURATION_S / ROUNDS;
  for (let round = 1; round <= ROUNDS; round++) {
    for (const { target, server, pool } of targets) {
      log(`  ${scenario.name} ${kind} ${TARGET_NAMES[target]}: round ${round}/${ROUNDS}, ${fmt(seconds, 1)} s at ${CONNECTIONS} connections`);
      const run = await runLifecycles(scenario, server.url, headers, pool, seconds);
      const total = totals.get(target) ?? { requests: 0, seconds: 0, latencies: [], rpcErrors: 0, httpErrors: 0, ranOut: false, viaNext: false };
      total.requests += run.latencies.length;
      total.seconds += run.wallSeconds;
      for (const latency of run.latencies) total.latencies.push(latency);
      total.rpcErrors += run.rpcErrors;
      total.httpErrors += run.result.errors + run.result.non2xx;
      total.ranOut ||= run.ranOut;
      total.viaNext ||= run.viaNext;
      totals.set(target, total);
    }
  }
  return targets.map(({ target }) => {
    const total = totals.get(target)!;
    const sorted = total.latencies.sort((a, b) => a - b);
    return {
      scenario,
      kind,
      target,
      requestsPerSecond: total.requests / total.seconds,
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      requests: total.requests,
      rpcErrors: total.rpcErrors,
      httpErrors: total.httpErrors,
      ranOut: total.ranOut,
      viaNext: total.viaNext,
      statementsPerCall: statementsPerCall.get(target) ?? {},
    };
  });
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/** GetStatement over random one-hour windows of the big table, one call at a time, through the store. */
async function measureStatement(kind: TestDatabaseKind, server: BenchServer, key: string, table: StatementTable): Promise<StatementResult> {
  log(`  ${kind} GetStatement: ${STATEMENT_CALLS} one-hour windows over ${table.rows.toLocaleString("en")} transactions…`);
  const authorization = `Basic ${Buffer.from(`Paycom:${key}`).toString("base64")}`;
  const hour = 3_600_000;
  const call = async () => {
    const from = table.from + Math.floor(Math.random() * (table.to - table.from - hour));
    const started = performance.now();
    const response = await fetch(`${server.url}/api/payme`, {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "GetStatement", params: { from, to: from + hour } }),
    });
    const body = (await response.json()) as { result?: { transactions: unknown[] } };
    const elapsed = performance.now() - started;
    if (!body.result) throw new Error(`GetStatement failed: ${JSON.stringify(body)}`);
    return { elapsed, listed: body.result.transactions.length };
  };
  for (let index = 0; index < 5; index++) await call();
  const samples: { elapsed: number; listed: number }[] = [];
  for (let index = 0; index < STATEMENT_CALLS; index++) samples.push(await call());
  const times = samples.map((sample) => sample.elapsed).sort((a, b) => a - b);
  return {
    kind,
    rows: table.rows,
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    max: times[times.length - 1]!,
    meanListed: samples.reduce((sum, sample) => sum + sample.listed, 0) / samples.length,
  };
}

async function benchDatabase(kind: TestDatabaseKind): Promise<{ load: LoadResult[]; statement?: StatementResult }> {
  const database = await freshDatabase(kind);
  const key = `bench-key-${randomBytes(9).toString("base64url")}`;
  const appSecret = randomBytes(32).toString("base64url");
  const env = { PAYMENTS_MODE: "sandbox", PAYME_TEST_KEY: key, PAYME_MERCHANT_ID: "5e730e8e0b852a417aa49ceb", APP_SECRET: appSecret, ADMIN_PASSWORD: `bench-${appSecret.slice(0, 12)}` };
  let sql: SqlDatabase | undefined;
  let server: BenchServer | undefined;
  let floor: BenchServer | undefined;
  let physical: BenchServer | undefined;
  let routeServer: BenchServer | undefined;
  let secondStore: BenchServer | undefined;
  let pair: BenchServer | undefined;
  const load: LoadResult[] = [];
  let statement: StatementResult | undefined;
  try {
    if (NEEDS_STORE) {
      log(`${kind}: starting the store (migrates the new database)…`);
      server = await startStore(database.url, env);
    } else {
      log(`${kind}: migrating and seeding the new database (no store measured)…`);
      const dataDir = mkdtempSync(join(tmpdir(), "tolov-bench-data-"));
      try {
        // prepareStart reads the configuration from process.env (this process serves nothing).
        Object.assign(process.env, env, { DATABASE_URL: database.url, DATA_DIR: dataDir, PUBLIC_URL: "http://127.0.0.1:9" });
        await prepareStart(process.env);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
    sql = createSql(database.url);
    // One pool of orders per (scenario, target): sized for the fastest rate a target reaches here.
    const runs = SCENARIOS.flatMap((scenario) => targetsOn(kind).filter((target) => scenario.targets.includes(target)).map((target) => ({ scenario, target })));
    const total = runs.reduce((sum, run) => sum + poolSize(kind, run.target), 0);
    log(`${kind}: inserting ${total.toLocaleString("en")} payable orders…`);
    let started = performance.now();
    const orders = await insertOrders(sql, total);
    log(`  ${((performance.now() - started) / 1000).toFixed(1)} s`);
    let taken = 0;
    const slice = (target: Target) => {
      const mine = orders.slice(taken, taken + poolSize(kind, target));
      taken += mine.length;
      return { pool: { orders: mine.slice(COUNT_CALLS), next: 0 }, counted: mine.slice(0, COUNT_CALLS) };
    };

    if (server && STATEMENT_ROWS > 0) {
      log(`${kind}: inserting ${STATEMENT_ROWS.toLocaleString("en")} Payme transactions for GetStatement…`);
      started = performance.now();
      const table = await insertStatementTransactions(sql, STATEMENT_ROWS, Date.now() - 86_400_000);
      log(`  ${((performance.now() - started) / 1000).toFixed(1)} s`);
      statement = await measureStatement(kind, server, key, table);
    }
    const servers: Partial<Record<Target, BenchServer>> = { store: server };
    for (const target of targetsOn(kind)) {
      if (target === "pair" && server) {
        log(`${kind}: starting a second store and a round-robin proxy in front of both…`);
        const second = (secondStore = await startStore(database.url, env));
        const first = server;
        const proxy = await startRoundRobinProxy([first.url, second.url]);
        servers.pair = pair = {
          url: proxy.url,
          logs: () => `${first.logs()}\n${second.logs()}`,
          async statements() {
            const [one, two] = await Promise.all([first.statements(), second.statements()]);
            return one === undefined || two === undefined ? undefined : one + two;
          },
          stop: () => proxy.close(),
        };
      } else if (target === "physical") {
        log(`${kind}: starting the physical floor server (node:http + driver)…`);
        servers.physical = physical = await startPhysicalFloor(database.url, key);
      } else if (target === "floor") {
        log(`${kind}: starting the floor server (it idles while the others are measured, and the other way round)…`);
        servers.floor = floor = await startFloor(database.url, appSecret);
      } else if (target === "next") {
        log(`${kind}: starting a second store with TOLOV_PAYME_FAST_PATH=off (the Next.js route handler)…`);
        servers.next = routeServer = await startStore(database.url, { ...env, TOLOV_PAYME_FAST_PATH: "off" });
      }
    }
    for (const scenario of SCENARIOS) {
      const measured: Measured[] = targetsOn(kind).filter((target) => scenario.targets.includes(target) && servers[target]).map((target) => ({ target, server: servers[target]!, ...slice(target) }));
      if (measured.length) load.push(...(await measureTargets(scenario, kind, scenario.headers(env), measured)));
    }
  } finally {
    await floor?.stop();
    await physical?.stop();
    await routeServer?.stop();
    await pair?.stop();
    await secondStore?.stop();
    await server?.stop();
    await sql?.close();
    await database.drop();
  }
  return { load, statement };
}

const fmt = (value: number, digits = 0) => value.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pad = (text: string, width: number) => (text.length >= width ? text : text + " ".repeat(width - text.length));
const padLeft = (text: string, width: number) => (text.length >= width ? text : " ".repeat(width - text.length) + text);

function printTable(results: LoadResult[], statements: StatementResult[], skipped: string[]): void {
  const lines: string[] = [];
  const ratio = (value: number) => (Number.isFinite(value) ? `${fmt(value, 2)}×` : "");
  for (const scenario of SCENARIOS) {
    const mine = results.filter((row) => row.scenario === scenario);
    if (!mine.length) continue;
    const callNames = scenario.calls.map((call) => call.name);
    lines.push("");
    lines.push(
      `${scenario.title}, ${CONNECTIONS} connections, ${DURATION_S} s per target in ${ROUNDS} rounds taken in turn, after ${WARMUP_S} s warm-up; req/s = responses ÷ time to the last response`,
    );
    lines.push(`÷phys: against the physical floor (node:http + driver, fewest statements); ÷floor: against the same handler behind node:http. Bars of issue 9 against the physical floor.`);
    lines.push(`stmts/call: SQL statements per ${callNames.join(" / ")} (BEGIN and COMMIT included), ${COUNT_CALLS} lifecycles one call at a time.`);
    const header = [
      pad("target", 35),
      pad("db", 10),
      padLeft("req/s", 7),
      padLeft("p50 ms", 7),
      padLeft("p99 ms", 7),
      padLeft("req/s÷phys", 11),
      padLeft("p99÷phys", 9),
      padLeft("req/s÷floor", 12),
      padLeft("p99÷floor", 10),
      pad("  must ≥0.5× ≤2×", 17),
      pad("  aim ≥0.8× ≤1×", 16),
      pad("  stmts/call", 20),
      "  notes",
    ];
    lines.push(header.join(" "));
    const perCall = (counts: StatementsPerCall) =>
      callNames.map((name) => (counts[name] === undefined ? "?" : fmt(counts[name]!, Number.isInteger(counts[name]) ? 0 : 1))).join(" / ");
    for (const kind of ["sqlite", "postgresql"] as const) {
      const physical = mine.find((row) => row.kind === kind && row.target === "physical");
      const floor = mine.find((row) => row.kind === kind && row.target === "floor");
      for (const target of TARGETS) {
        const row = mine.find((entry) => entry.kind === kind && entry.target === target);
        if (!row) continue;
        const toPhysical = physical ? row.requestsPerSecond / physical.requestsPerSecond : Number.NaN;
        const p99ToPhysical = physical ? row.p99 / physical.p99 : Number.NaN;
        const toFloor = floor && target !== "physical" ? row.requestsPerSecond / floor.requestsPerSecond : Number.NaN;
        const p99ToFloor = floor && target !== "physical" ? row.p99 / floor.p99 : Number.NaN;
        const verdict = (minThroughput: number, maxP99: number) =>
          target === "physical" ? "" : !physical ? "?" : toPhysical >= minThroughput && p99ToPhysical <= maxP99 ? "met" : "NOT met";
        const notes = [
          row.rpcErrors ? `${fmt(row.rpcErrors)} refused or failed calls` : "",
          row.httpErrors ? `${fmt(row.httpErrors)} HTTP errors` : "",
          row.ranOut ? "orders ran out" : "",
          target === "next" && !row.viaNext ? "did not reach Next.js!" : "",
        ].filter(Boolean);
        lines.push(
          [
            pad(TARGET_NAMES[target], 35),
            pad(kind, 10),
            padLeft(fmt(row.requestsPerSecond), 7),
            padLeft(fmt(row.p50, 1), 7),
            padLeft(fmt(row.p99, 1), 7),
            padLeft(target === "physical" ? "" : ratio(toPhysical), 11),
            padLeft(target === "physical" ? "" : ratio(p99ToPhysical), 9),
            padLeft(ratio(toFloor), 12),
            padLeft(ratio(p99ToFloor), 10),
            pad(`  ${verdict(0.5, 2)}`, 17),
            pad(`  ${verdict(0.8, 1)}`, 16),
            pad(`  ${perCall(row.statementsPerCall)}`, 20),
            `  ${notes.join(", ")}`,
          ].join(" "),
        );
      }
    }
    const summary = (["sqlite", "postgresql"] as const).flatMap((kind) => {
      const physical = mine.find((row) => row.kind === kind && row.target === "physical");
      const store = mine.find((row) => row.kind === kind && row.target === "store");
      const best = store ?? mine.find((row) => row.kind === kind && row.target === "floor");
      const pair = mine.find((row) => row.kind === kind && row.target === "pair");
      return [
        ...(physical && best
          ? [
              `${scenario.name} ${kind}: ${best.target} ÷ physical floor = ${ratio(best.requestsPerSecond / physical.requestsPerSecond)} throughput (${fmt(best.requestsPerSecond)} vs ${fmt(physical.requestsPerSecond)} req/s), ${ratio(best.p99 / physical.p99)} p99 (${fmt(best.p99)} vs ${fmt(physical.p99)} ms)`,
            ]
          : []),
        ...(store && pair
          ? [
              `${scenario.name} ${kind}: callbacks/s of two instances ÷ one = ${ratio(pair.requestsPerSecond / store.requestsPerSecond)} (${fmt(pair.requestsPerSecond)} vs ${fmt(store.requestsPerSecond)} req/s), p99 ${fmt(pair.p99)} vs ${fmt(store.p99)} ms`,
            ]
          : []),
      ];
    });
    if (summary.length) {
      lines.push("");
      lines.push(...summary);
    }
  }
  if (statements.length) {
    lines.push("");
    lines.push(`GetStatement, one-hour window (random, ${STATEMENT_CALLS} calls one at a time, over HTTP through the store)`);
    lines.push([pad("table", 33), pad("db", 10), padLeft("p50 ms", 8), padLeft("p99 ms", 8), padLeft("max ms", 8), padLeft("listed", 8), "  < 20 ms"].join(" "));
    for (const row of statements) {
      lines.push(
        [
          pad(`${fmt(row.rows)} PaymeTransaction rows`, 33),
          pad(row.kind, 10),
          padLeft(fmt(row.p50, 1), 8),
          padLeft(fmt(row.p99, 1), 8),
          padLeft(fmt(row.max, 1), 8),
          padLeft(fmt(row.meanListed, 0), 8),
          `  ${row.p99 < 20 ? "met" : "NOT met"}`,
        ].join(" "),
      );
    }
  }
  for (const line of skipped) lines.push(line);
  console.log(lines.join("\n"));
}

async function main(): Promise<void> {
  const started = performance.now();
  const kinds = String(args.db)
    .split(",")
    .map((kind) => kind.trim())
    .filter((kind): kind is TestDatabaseKind => kind === "sqlite" || kind === "postgresql");
  if (NEEDS_STORE) {
    log("Making sure a production build of the current sources exists…");
    ensureBuild();
  }
  const results: LoadResult[] = [];
  const statements: StatementResult[] = [];
  const skipped: string[] = [];
  for (const kind of kinds) {
    if (kind === "postgresql" && !(await isPostgresReachable())) {
      skipped.push(`PostgreSQL not measured: no server answers at ${testPgUrl()} (set TEST_PG_URL).`);
      continue;
    }
    try {
      const { load, statement } = await benchDatabase(kind);
      results.push(...load);
      if (statement) statements.push(statement);
    } catch (error) {
      skipped.push(`${kind} not measured: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  // Click's Prepare → Complete (bench/click-callbacks.ts), against the same physical floor.
  const clickResults: ClickBenchResult[] = [];
  for (const kind of args.click === "off" ? [] : kinds.filter((kind) => results.some((row) => row.kind === kind))) {
    await benchClickLifecycles(kind, { connections: CONNECTIONS, durationS: DURATION_S, warmupS: WARMUP_S }, log).then(
      (row) => clickResults.push(row),
      (error: unknown) => skipped.push(`${kind} Click not measured: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
  printTable(results, statements, skipped);
  // Robokassa's ResultURL at the same connections, against its own floors (bench/robokassa-result.ts).
  console.log(await robokassaBenchSection(kinds, { connections: CONNECTIONS, seconds: DURATION_S, warmup: WARMUP_S, log }));
  // First-load JavaScript per shop page (issue 15 §4), from the production build's manifests.
  if (args["page-weight"] !== "off") console.log(pageWeightBenchSection(log));
  if (clickResults.length) console.log(clickReport(clickResults, Object.fromEntries(results.filter((row) => row.target === "physical").map((row) => [row.kind, row])), CONNECTIONS));
  console.log(`\n(${fmt((performance.now() - started) / 1000)} s in all; ${process.env.npm_lifecycle_event ? "npm run bench" : "tsx bench/merchant-api.ts"}; 2 cores shared by load generator and server)`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error("bench failed:", error instanceof Error ? error.stack : String(error));
    process.exit(1);
  },
);
