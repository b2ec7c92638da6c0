// The bench's server processes: the store (`server.ts`, production build), the handler floor and
// the physical floor, each in its own process group, ready once `POST /api/payme` answers
// JSON-RPC. Each counts its SQL statements (TOLOV_SQL_STATS=1) and reports the count on SIGUSR2.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../test/helpers/paths";
import { freePort } from "../test/helpers/ports";

export type BenchServer = {
  url: string;
  logs(): string;
  /** SQL statements the process has sent so far (undefined when it does not answer in time). */
  statements(): Promise<number | undefined>;
  stop(): Promise<void>;
};

/**
 * Extra node options for every server process, e.g. `TOLOV_BENCH_NODE_ARGS="--cpu-prof
 * --cpu-prof-dir=/tmp/prof"` for a CPU profile of each under load (NODE_OPTIONS refuses --cpu-prof).
 */
const nodeArgs = (process.env.TOLOV_BENCH_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) killGroup(child, "SIGKILL");
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Variables of the app's contract are never inherited from the shell running the bench. */
function cleanEnvironment(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(PORT|HOST|DATABASE_URL|DATA_DIR|PUBLIC_URL|PAYMENTS_MODE|ADMIN_PASSWORD|APP_SECRET|CBU_RATES_URL|TOLOV_GENERATED_SECRETS|TOLOV_ROOT)$/.test(key)) continue;
    if (/^(PAYME|CLICK|ROBOKASSA|SANDBOX)_/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...overrides } as NodeJS.ProcessEnv;
}

async function waitForPayme(url: string, child: ChildProcess, logs: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited before it served:\n${logs()}`);
    try {
      const response = await fetch(`${url}/api/payme`, {
        method: "POST",
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "CheckTransaction", params: { id: "ready" } }),
        signal: AbortSignal.timeout(3_000),
      });
      const body = (await response.json()) as { jsonrpc?: string };
      if (body.jsonrpc === "2.0") return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no answer from ${url}/api/payme within ${timeoutMs} ms:\n${logs()}`);
}

async function startProcess(args: string[], env: Record<string, string>, timeoutMs = 120_000): Promise<BenchServer & { port: number }> {
  const port = await freePort({ pair: true });
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", ...args], {
    cwd: repoRoot,
    env: cleanEnvironment({ PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: url, SANDBOX_PORT: String(port + 1), ...env }),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => running.delete(child));
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const logs = () => output;
  const statements = async (): Promise<number | undefined> => {
    const before = output.length;
    if (child.pid === undefined) return undefined;
    process.kill(child.pid, "SIGUSR2");
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      const match = /tolov-sql-stats (\d+)\n/.exec(output.slice(before));
      if (match) return Number(match[1]);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return undefined;
  };
  const stop = async () => {
    killGroup(child, "SIGTERM");
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForPayme(url, child, logs, timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, logs, statements, stop };
}

/** The store as `npm start` runs it: server.ts in front of the production Next.js build. */
export async function startStore(databaseUrl: string, env: Record<string, string>): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "tolov-bench-data-"));
  const server = await startProcess(["server.ts"], {
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    CBU_RATES_URL: "http://127.0.0.1:9/unreachable",
    TOLOV_SQL_STATS: "1",
    ...env,
  });
  return {
    ...server,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** bench/floor-server.ts on the same database. */
export function startFloor(databaseUrl: string, appSecret: string): Promise<BenchServer> {
  return startProcess(["bench/floor-server.ts"], { DATABASE_URL: databaseUrl, APP_SECRET: appSecret, TOLOV_SQL_STATS: "1" }, 30_000);
}

/** bench/physical-floor.ts on the same database: node:http and the driver, nothing else. */
export function startPhysicalFloor(databaseUrl: string, paymeKey: string): Promise<BenchServer> {
  return startProcess(["bench/physical-floor.ts"], { DATABASE_URL: databaseUrl, PAYME_KEY: paymeKey }, 30_000);
}
