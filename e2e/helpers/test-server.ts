// Where the Playwright run's store lives: a port pair (store + sandbox emulators), a throw-away
// SQLite database and DATA_DIR. Computed once by the runner process and handed to its workers
// through environment variables (workers load playwright.config.ts again).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** CBU_RATES_URL for the e2e store: a local port nothing listens on (the store falls back to its rates file). */
export const UNREACHABLE_CBU_URL = "http://127.0.0.1:9/unreachable";

/** The store's port range for e2e runs; the sandbox emulators take the next port. */
const PREFERRED_PORT = 3900;
const LAST_PORT = 3998;

/**
 * The first port from `from` whose next port is free too. Checked in a child process, since the
 * config is loaded synchronously and net.Server only answers asynchronously.
 */
function findFreePortPair(from: number, to: number): number {
  const script = `
    const net = require("node:net");
    const free = (port) => new Promise((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(false));
      server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve(true)));
    });
    (async () => {
      for (let port = ${from}; port <= ${to}; port += 1) {
        if ((await free(port)) && (await free(port + 1))) { process.stdout.write(String(port)); return; }
      }
      process.exitCode = 1;
    })();`;
  const result = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  const port = Number(result.stdout);
  if (result.status !== 0 || !Number.isInteger(port)) {
    throw new Error(`no free pair of ports between ${from} and ${to + 1} for the e2e store (set E2E_PORT)`);
  }
  return port;
}

export type E2eServer = {
  port: number;
  baseURL: string;
  /** Holds the SQLite database and DATA_DIR of this run. */
  dir: string;
  databaseUrl: string;
  dataDir: string;
  /** The store's structured log (LOG_FILE), searched for secrets after the run (log-secrets.ts). */
  logFile: string;
};

/**
 * The e2e store of this run. `E2E_PORT` fixes the port; otherwise the first free pair from 3900.
 * The folder is new for each run and removed when the runner exits.
 */
export function e2eServer(): E2eServer {
  if (!process.env.TOLOV_E2E_PORT) {
    const fixed = process.env.E2E_PORT ? Number(process.env.E2E_PORT) : undefined;
    if (fixed !== undefined && !(Number.isInteger(fixed) && fixed >= 1 && fixed < 65535)) {
      throw new Error(`E2E_PORT must be a port number, not "${process.env.E2E_PORT}"`);
    }
    process.env.TOLOV_E2E_PORT = String(fixed ?? findFreePortPair(PREFERRED_PORT, LAST_PORT));
  }
  if (!process.env.TOLOV_E2E_DIR) {
    const dir = mkdtempSync(join(tmpdir(), "tolov-e2e-"));
    process.env.TOLOV_E2E_DIR = dir;
    // The runner created it, so the runner removes it, after the web server has been stopped.
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  }
  const port = Number(process.env.TOLOV_E2E_PORT);
  const dir = process.env.TOLOV_E2E_DIR;
  return {
    port,
    baseURL: `http://127.0.0.1:${port}`,
    dir,
    databaseUrl: `file:${join(dir, "tolov.db")}`,
    dataDir: join(dir, "data"),
    logFile: join(dir, "store.log"),
  };
}

/** Chromium to run: PLAYWRIGHT_CHROMIUM_PATH, Debian's /usr/bin/chromium, or (undefined) Playwright's own. */
export function chromiumExecutable(): string | undefined {
  if (process.env.PLAYWRIGHT_CHROMIUM_PATH) return process.env.PLAYWRIGHT_CHROMIUM_PATH;
  return existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
}

/** Flags for Chromium on our machines (no sandbox as root, nothing that phones home). */
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
