// `npm run test:soak`: the full forms of the robustness tests of issue 15, which `npm test` runs
// bounded. Defaults (each may be set in the environment instead):
//   FUZZ_RUNS=10000               generated requests per endpoint (test/fuzz-endpoints.sqlite.test.ts)
//   CRASH_LIFECYCLES=200          payment lifecycles per provider in flight at the SIGKILL (test/crash-safety.test.ts)
//   TWO_INSTANCE_DUPLICATES=1000  duplicate callbacks per provider over two instances (test/two-instances.postgresql.test.ts)
// SQLite and PostgreSQL (TEST_PG_URL, default postgresql://postgres@127.0.0.1:5432/postgres) both
// run; a missing PostgreSQL server fails the run. Takes tens of minutes on 2 cores.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const env = {
  ...process.env,
  FUZZ_RUNS: process.env.FUZZ_RUNS || "10000",
  CRASH_LIFECYCLES: process.env.CRASH_LIFECYCLES || "200",
  TWO_INSTANCE_DUPLICATES: process.env.TWO_INSTANCE_DUPLICATES || "1000",
};
console.log(`soak: FUZZ_RUNS=${env.FUZZ_RUNS} CRASH_LIFECYCLES=${env.CRASH_LIFECYCLES} TWO_INSTANCE_DUPLICATES=${env.TWO_INSTANCE_DUPLICATES}`);
const files = ["test/fuzz-endpoints.sqlite.test.ts", "test/crash-safety.test.ts", "test/two-instances.postgresql.test.ts"];
const child = spawn(
  process.execPath,
  [join(root, "node_modules", "vitest", "vitest.mjs"), "run", "--project", "sqlite", "--project", "postgresql", ...files, ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit", env },
);
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
