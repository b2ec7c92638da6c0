// The store's process: prepare the database, then serve Next.js behind a plain node:http
// server. Provider callbacks that must be fast (Payme's Merchant API) are answered here before
// the framework, by the same handler the Next.js route uses (README "Performance"); which paths
// and which periodic jobs come from the provider registry (lib/payments/registry.ts).
import { createServer } from "node:http";
import next from "next";
import { prepareStart } from "./lib/bootstrap";
import { sql } from "./lib/db";
import { stampRemoteAddress } from "./lib/admin/client-address";
import { EnvError, type Env } from "./lib/env";
import { integrations } from "./lib/payments/registry";
import { loadPaymeSettings } from "./lib/payments/payme/payme-settings";

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

async function main() {
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
  const server = createServer((req, res) => {
    // The socket's address, for Next.js code (admin lock-out, the Payme route's allowlist):
    // overwritten on every request, so a client cannot choose it.
    stampRemoteAddress(req);
    // The normalized path: `/api/./payme` must not reach the framework's copy of the route.
    const fast = fastRoutes.size > 0 ? fastRoutes.get(pathnameOf(req.url)) : undefined;
    if (fast) return void fast(req, res);
    void handle(req, res);
  });
  server.keepAliveTimeout = 65_000;

  // Every provider's periodic jobs (Payme: the 12-hour sweep of transactions, the receipt poll).
  for (const integration of integrations) {
    for (const job of integration.jobs ?? []) every(job.intervalMs, job.name, () => job.run({ sql: sql(), nowMs: Date.now() }));
  }

  server.listen(PORT, HOST, () => {
    const db = DATABASE_URL.startsWith("file:") ? "SQLite" : "PostgreSQL";
    console.log(`Tolov is serving ${PUBLIC_URL} (${db}, payments mode: ${PAYMENTS_MODE})`);
    void startSandboxIfNeeded(report.env); // sandbox: see below
  });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

// --- sandbox -------------------------------------------------------------------------------
/**
 * The provider emulators (lib/sandbox) run while any provider is in sandbox mode — for now
 * Payme's mode setting, or PAYMENTS_MODE=sandbox — as a separate server on SANDBOX_PORT with
 * its own storage. Imported only here and only then: the store never loads emulator code
 * otherwise. A sandbox that cannot start (port taken by another instance's) does not stop the store.
 */
async function startSandboxIfNeeded(config: Env): Promise<void> {
  try {
    const payme = await loadPaymeSettings(sql(), config.APP_SECRET!);
    if (config.PAYMENTS_MODE !== "sandbox" && payme.mode !== "sandbox") return;
    const { startSandbox } = await import("./lib/sandbox/start-sandbox");
    const sandbox = await startSandbox(config);
    console.log(`Sandbox (provider emulators) is serving ${sandbox.url} (Payme cabinet: ${sandbox.url}/payme/cabinet)`);
  } catch (error) {
    console.error("The sandbox did not start:", error instanceof Error ? error.message : error);
  }
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
