import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./ports";
import { repoRoot } from "./paths";

/** CBU_RATES_URL for tests that do not serve rates: a local port nothing listens on. */
export const UNREACHABLE_CBU_URL = "http://127.0.0.1:9/unreachable";

/** Variables of the app's contract: never inherited from the shell running the tests. */
const APP_VARIABLES = [
  "PORT",
  "HOST",
  "DATABASE_URL",
  "DATA_DIR",
  "PUBLIC_URL",
  "PAYMENTS_MODE",
  "ADMIN_PASSWORD",
  "APP_SECRET",
  "CBU_RATES_URL",
  "TOLOV_GENERATED_SECRETS",
  "TOLOV_ROOT",
  "METRICS_TOKEN",
  "LOG_LEVEL",
  "LOG_FILE",
];
const APP_VARIABLE_PREFIXES = ["PAYME_", "CLICK_", "ROBOKASSA_", "SANDBOX_", "EXCHANGE_1C_"];

export type EnvOverrides = Record<string, string | undefined>;

/** The environment a store process gets: the test runner's, minus the app's own variables, plus `overrides` (undefined deletes). */
export function appEnvironment(overrides: EnvOverrides): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (APP_VARIABLES.includes(key) || APP_VARIABLE_PREFIXES.some((prefix) => key.startsWith(prefix))) continue;
    env[key] = value;
  }
  env.NODE_ENV = "production";
  env.NEXT_TELEMETRY_DISABLED = "1";
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

// Store processes still running; killed if the test process exits without stopping them.
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function track(child: ChildProcess): void {
  running.add(child);
  child.once("exit", () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const process of running) killGroup(process, "SIGKILL");
  });
}

/** Signals the child's process group (`evenIfExited`: also when the leader is gone but its group may live on). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals, evenIfExited = false): void {
  if (child.pid === undefined) return;
  if (!evenIfExited && (child.exitCode !== null || child.signalCode !== null)) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function spawnServer(env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: repoRoot,
    env: env as NodeJS.ProcessEnv,
    // Its own process group, so stop() also ends anything it started.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  track(child);
  let stdout = "";
  let stderr = "";
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    output += chunk;
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    output += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  return { child, exited, stdout: () => stdout, stderr: () => stderr, output: () => output };
}

export type RunResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/**
 * Runs the store's process (`node --import tsx server.ts`) with exactly `overrides` on top of a
 * clean environment, and waits for it to end (killing it after `timeoutMs`). For starts that
 * must fail, e.g. a bad configuration.
 */
export async function runServerUntilExit(overrides: EnvOverrides, timeoutMs = 30_000): Promise<RunResult & { timedOut: boolean }> {
  const server = spawnServer(appEnvironment(overrides));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(server.child, "SIGKILL");
  }, timeoutMs);
  const { code, signal } = await server.exited;
  clearTimeout(timer);
  return { code, signal, stdout: server.stdout(), stderr: server.stderr(), timedOut };
}

export type StartAppOptions = {
  databaseUrl: string;
  /** Extra environment (undefined deletes a variable). CBU_RATES_URL defaults to an unreachable local address. */
  env?: EnvOverrides;
  /** DATA_DIR; default: a new temp folder, removed by stop(). */
  dataDir?: string;
  /** How long to wait for GET /api/products to answer. */
  timeoutMs?: number;
};

export type App = {
  url: string;
  port: number;
  dataDir: string;
  pid: number;
  /** Everything the process printed (stdout and stderr, in order), over all its start attempts. */
  logs(): string;
  stop(): Promise<void>;
};

/**
 * Starts the real store (`node --import tsx server.ts`, cwd the repository — a build must exist;
 * the vitest global setup makes sure of it) on a free port with its own DATA_DIR, and waits until
 * `GET /api/products` answers 200.
 */
export async function startApp(options: StartAppOptions): Promise<App> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "tolov-test-data-"));
  const timeoutMs = options.timeoutMs ?? 90_000;
  let earlier = "";

  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort({ pair: true });
    const url = `http://127.0.0.1:${port}`;
    const server = spawnServer(
      appEnvironment({
        PORT: String(port),
        HOST: "127.0.0.1",
        PUBLIC_URL: url,
        SANDBOX_PORT: String(port + 1),
        DATABASE_URL: options.databaseUrl,
        DATA_DIR: dataDir,
        CBU_RATES_URL: UNREACHABLE_CBU_URL,
        ...options.env,
      }),
    );
    const logs = () => earlier + server.output();
    const ready = await waitUntilServing(url, server.exited, timeoutMs);
    if (ready.state === "ok") {
      let stopped: Promise<void> | undefined;
      return {
        url,
        port,
        dataDir,
        pid: server.child.pid!,
        logs,
        stop() {
          stopped ??= (async () => {
            await stopProcess(server.child, server.exited);
            if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
          })();
          return stopped;
        },
      };
    }
    await stopProcess(server.child, server.exited);
    // Another test took the port between our check and the store's listen: try another one.
    if (ready.state === "exited" && /EADDRINUSE/.test(server.output()) && attempt < 5) {
      earlier = logs();
      continue;
    }
    if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    const why = {
      exited: "it exited",
      timeout: `no answer within ${timeoutMs} ms`,
      unhealthy: "it is up but GET /api/products keeps failing",
    }[ready.state];
    const answer = ready.lastAnswer ? `\nLast answer of GET /api/products: ${ready.lastAnswer}` : "";
    throw new Error(`the store did not come up on ${url} (${why}).${answer}\nIts output:\n${logs()}`);
  }
}

type Readiness = { state: "ok" | "exited" | "timeout" | "unhealthy"; lastAnswer?: string };

/**
 * Polls GET /api/products until it answers 200. Gives up when the process exits, when it keeps
 * answering errors for `unhealthyAfterMs` (it is up but broken), or after `timeoutMs`.
 */
async function waitUntilServing(
  url: string,
  exited: Promise<unknown>,
  timeoutMs: number,
  unhealthyAfterMs = 15_000,
): Promise<Readiness> {
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  const deadline = Date.now() + timeoutMs;
  let firstErrorAt: number | undefined;
  let lastAnswer: string | undefined;
  while (Date.now() < deadline) {
    if (hasExited) return { state: "exited", lastAnswer };
    try {
      const response = await fetch(`${url}/api/products`, { signal: AbortSignal.timeout(5_000) });
      const body = await response.text();
      if (response.status === 200) return { state: "ok" };
      lastAnswer = `${response.status} ${body.slice(0, 300)}`;
      firstErrorAt ??= Date.now();
      if (Date.now() - firstErrorAt > unhealthyAfterMs) return { state: "unhealthy", lastAnswer };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return { state: hasExited ? "exited" : "timeout", lastAnswer };
}

async function stopProcess(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  killGroup(child, "SIGTERM");
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
  // Anything the store started in its group (none today) goes too.
  killGroup(child, "SIGKILL", true);
}
