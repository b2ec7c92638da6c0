// The store's process: prepare the database, then serve Next.js behind a plain node:http
// server. Provider callbacks that must be fast (Payme's Merchant API) are answered here before
// the framework, by the same handler the Next.js route uses (README "Performance"); which paths
// and which periodic jobs come from the provider registry (lib/payments/registry.ts).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import next from "next";
import { prepareStart } from "./lib/bootstrap";
import { sql } from "./lib/db";
import { stampRemoteAddress } from "./lib/http/client-address";
import { EnvError, type Env } from "./lib/env";
import { childLogger } from "./lib/log/logger";
import { browserConnectOrigins, integrations, sandboxSeeds } from "./lib/payments/registry";
import { publishConnectOrigins } from "./lib/http/security-headers";
import { createSandboxLifecycle, SANDBOX_CHECK_INTERVAL_MS } from "./lib/sandbox-control/lifecycle";
import { readProviderModes } from "./lib/sandbox-control/provider-modes";
import { publishSandboxState } from "./lib/sandbox-control/sandbox-state";
import { startOutboxDispatcher } from "./lib/outbox/start-dispatcher";

const dev = process.argv.includes("--dev");

/** Runs `task` every `ms`, never two at once (a slow run is not stacked on by the next tick). */
function every(ms: number, name: string, task: () => Promise<unknown>): void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    task()
      .catch((error: unknown) => console.error(`${name} failed:`, error instanceof Error ? error.message : error))
      .finally(() => {
        running = false;
      });
  }, ms);
  timer.unref();
}

function pathnameOf(url: string | undefined): string {
  try {
    return new URL(url ?? "/", "http://store.invalid").pathname.replace(/\/+$/, "");
  } catch {
    return "";
  }
}
/**
 * An answer sent before the body was read to its end (a 413 for a body past its limit): Node.js
 * would go on reading the rest to keep the connection — 200 MB of it, if that is what comes.
 * The client gets a moment to read the answer, then the connection is closed.
 */
function stopReadingAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  // Only a request with a body: a GET's stream is never read, and its keep-alive connection stays.
  const hasBody = req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
  if (!hasBody) return;
  res.once("finish", () => {
    if (req.complete) return;
    setTimeout(() => {
      if (!req.complete) req.socket.destroy();
    }, EARLY_ANSWER_GRACE_MS).unref();
  });
}
const EARLY_ANSWER_GRACE_MS = 1_000;
/**
 * A path that is not valid percent-encoding (`/api/orders/%E0%A4%A`) names nothing: Next.js
 * would fail on it with a 500. Sent to a path that does not exist instead, so it answers 404.
 */
function refuseMalformedPath(req: IncomingMessage): void {
  const path = (req.url ?? "/").split("?")[0]!;
  try {
    decodeURIComponent(path);
  } catch {
    req.url = "/_malformed-url";
  }
}
/**
 * A server action call Next.js cannot decode (a root that is not an argument list, a reference to
 * a part that was not sent, broken JSON) fails inside the framework, which answers 500. Our
 * actions validate their input and return typed results for every business outcome, so a call
 * that fails there was malformed by the caller: it gets 400 (the failure stays in the log).
 */
function refuseMalformedActionCall(req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== "POST" || req.headers["next-action"] === undefined) return;
  const writeHead = res.writeHead.bind(res) as (status: number, ...rest: unknown[]) => ServerResponse;
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    if (status === 500) res.statusMessage = "Bad Request";
    return writeHead(status === 500 ? 400 : status, ...rest);
  }) as ServerResponse["writeHead"];
}
/**
 * A client must send its headers within 10 s and its whole request within 30 s (README
 * "Security"): a body trickling in a byte at a time is cut off with 408. Checked every second.
 */
const SERVER_OPTIONS = { headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 1_000 } as const;

async function main() {
  // Whatever the store creates (the SQLite database, its journals, DATA_DIR) is the owner's only.
  process.umask(0o077);
  const report = await prepareStart();
  const { PORT, HOST, PUBLIC_URL, DATABASE_URL, PAYMENTS_MODE } = report.env;
  if (report.appliedMigrations.length) console.log(`Migrations applied: ${report.appliedMigrations.join(", ")}`);
  if (report.seededProducts) console.log(`Demo catalog seeded: ${report.seededProducts} products`);
  if (report.generatedAdminPassword) {
    console.log(`Generated admin password (shown once, kept in ${report.secretsPath}): ${report.generatedAdminPassword}`);
  }

  const app = next({ dev, dir: process.cwd(), hostname: HOST, port: PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  // Path → handler of every enabled fast route (TOLOV_PAYME_FAST_PATH=off sends /api/payme to the framework).
  const fastRoutes = new Map(
    integrations.flatMap((integration) => integration.fastRoutes ?? []).filter((route) => route.enabled({ env: report.env })).map((route) => [route.path, route.createHandler()]),
  );
  const server = createServer(SERVER_OPTIONS, (req, res) => {
    // The socket's address, for Next.js code (admin lock-out, the Payme route's allowlist):
    // overwritten on every request, so a client cannot choose it.
    stampRemoteAddress(req);
    // The normalized path: `/api/./payme` must not reach the framework's copy of the route.
    const fast = fastRoutes.size > 0 ? fastRoutes.get(pathnameOf(req.url)) : undefined;
    if (fast) return void fast(req, res);
    void handle(req, res);
  });
  server.keepAliveTimeout = 65_000;
  server.on("request", stopReadingAfterAnswer);
  server.prependListener("request", refuseMalformedPath);
  server.prependListener("request", refuseMalformedActionCall);

  // Every provider's periodic jobs (Payme: the 12-hour sweep of transactions, the receipt poll).
  for (const integration of integrations) {
    for (const job of integration.jobs ?? []) every(job.intervalMs, job.name, () => job.run({ sql: sql(), nowMs: Date.now() }));
  }

  // The outbox dispatcher (buyer notifications, merchant webhooks): polls, and wakes after each
  // settlement in this process; outside every payment transaction.
  const outbox = startOutboxDispatcher(sql(), report.env);

  // The pages' CSP allows the providers' browser origins (proxy.ts): the environment's mode until
  // the admin's modes are read (runSandboxLifecycle re-publishes them on every read).
  publishConnectOrigins(browserConnectOrigins({}, report.env));

  server.listen(PORT, HOST, () => {
    const db = DATABASE_URL.startsWith("file:") ? "SQLite" : "PostgreSQL";
    console.log(`Tolov is serving ${PUBLIC_URL} (${db}, payments mode: ${PAYMENTS_MODE})`);
    // The structured log's first line (LOG_FILE or standard output; lib/log/logger.ts).
    childLogger("server").info({ port: PORT, database: db, paymentsMode: PAYMENTS_MODE }, "store started");
    runSandboxLifecycle(report.env); // sandbox: see below
  });
  const stop = () => {
    void outbox?.stop();
    server.close(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

// --- sandbox -------------------------------------------------------------------------------
/**
 * The provider emulators (lib/sandbox) run while at least one provider is in sandbox mode as the
 * admin set it (PAYMENTS_MODE only seeds the modes), as a separate server on SANDBOX_PORT with
 * its own storage, and stop when none is — re-read every few seconds, no restart. Emulator code
 * is imported only when needed. On one host, whichever instance binds SANDBOX_PORT runs it; the
 * others retry quietly. A sandbox that cannot start does not stop the store.
 */
function runSandboxLifecycle(config: Env): void {
  const lifecycle = createSandboxLifecycle({
    readModes: () => readProviderModes(sql()),
    onModes: (modes) => publishConnectOrigins(browserConnectOrigins(modes, config)),
    start: async () => {
      const { startSandbox } = await import("./lib/sandbox/start-sandbox");
      // The store's sandbox credentials (derived from APP_SECRET where the environment gives none).
      const sandbox = await startSandbox(config, { credentials: sandboxSeeds({ env: config, appSecret: config.APP_SECRET! }) });
      console.log(`Sandbox token (cabinets; kept in ${sandbox.tokenPath}): ${sandbox.config.token}`);
      for (const link of sandbox.links) console.log(`  ${link.label}: ${sandbox.url}${link.href}`);
      return sandbox;
    },
    isPortBusy: (error) => error instanceof Error && error.name === "SandboxPortBusyError",
    log: (message) => console.log(message),
  });
  let checking = false;
  const tick = () => {
    if (checking) return;
    checking = true;
    void lifecycle.check().then(publishSandboxState).finally(() => {
      checking = false;
    });
  };
  tick();
  setInterval(tick, SANDBOX_CHECK_INTERVAL_MS).unref();
  const stopSandbox = () => void lifecycle.stop().catch(() => undefined);
  process.once("SIGTERM", stopSandbox);
  process.once("SIGINT", stopSandbox);
}
// --- end sandbox ---------------------------------------------------------------------------

main().catch((error: unknown) => {
  if (error instanceof EnvError) {
    console.error(error.message);
  } else {
    console.error("Tolov could not start:", error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
