// `npm test`: every suite, then a summary ending in one line "N passed, N failed".
//   1. build the store once (node scripts/start.mjs --build-only: nothing to do when the sources did not change)
//   2. vitest: unit, then the integration tests on SQLite
//   3. the same integration tests on PostgreSQL at TEST_PG_URL — mandatory when CI or
//      TOLOV_REQUIRE_POSTGRES=1 is set, otherwise left out with a line saying so
//   4. Playwright in Chromium (installs Debian's chromium when none is found and it can)
// Exit code 0 only when nothing failed.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));
const reportDir = mkdtempSync(join(tmpdir(), "tolov-test-report-"));
const DEFAULT_TEST_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
const testPgUrl = process.env.TEST_PG_URL || DEFAULT_TEST_PG_URL;
const flag = (name) => Boolean(process.env[name]) && !["0", "false", "no"].includes(process.env[name].toLowerCase());
const postgresRequired = flag("CI") || process.env.TOLOV_REQUIRE_POSTGRES === "1";

/** @type {{ name: string, state: "passed" | "failed" | "not run", passed: number, failed: number, skipped: number, note?: string, seconds?: number }[]} */
const suites = [];

function banner(text) {
  console.log(`\n━━━ ${text} ${"━".repeat(Math.max(3, 72 - text.length))}`);
}

/** A URL fit to print: the password, if any, masked. */
function printable(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url;
  }
}

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
    child.on("error", (error) => {
      console.error(`could not run ${command}: ${error.message}`);
      resolve(127);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Like run(), also returning what the command printed (shown as it comes). */
function runTee(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on("error", (error) => resolve({ code: 127, output: error.message }));
    child.on("exit", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

/**
 * Builds the store when the sources changed (scripts/start.mjs --build-only). Another `next build`
 * in this checkout (someone's `npm start`) makes Next refuse to build: wait for it and try again.
 */
async function build() {
  for (let attempt = 1; ; attempt += 1) {
    const { code, output } = await runTee(process.execPath, [join(root, "scripts", "start.mjs"), "--build-only"], {
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
    });
    if (code === 0 || attempt >= 5 || !/Another next build process is already running/.test(output)) return code;
    console.log("Another build of this checkout is running: waiting 20 s, then trying again…");
    await new Promise((resolve) => setTimeout(resolve, 20_000));
  }
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

/** Records a suite; a runner that failed without a failed test (crash, no tests found…) counts as one failure. */
function record(name, exitCode, counts, startedAt, note) {
  const passed = counts?.passed ?? 0;
  let failed = counts?.failed ?? 0;
  let why = note;
  if (exitCode !== 0 && failed === 0) {
    failed = 1;
    why ??= counts ? `the runner exited with code ${exitCode} outside any test` : `no results (exit code ${exitCode})`;
  }
  suites.push({
    name,
    state: exitCode === 0 && failed === 0 ? "passed" : "failed",
    passed,
    failed,
    skipped: counts?.skipped ?? 0,
    note: why,
    seconds: startedAt ? (Date.now() - startedAt) / 1000 : undefined,
  });
}

async function vitest(project, env = {}) {
  banner(`vitest: ${project}`);
  const startedAt = Date.now();
  const output = join(reportDir, `vitest-${project}.json`);
  const code = await run(
    process.execPath,
    [
      join(root, "node_modules", "vitest", "vitest.mjs"),
      "run",
      "--project",
      project,
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${output}`,
    ],
    env,
  );
  record(project, code, vitestCounts(readJson(output)), startedAt);
}

/**
 * Tests passed / failed / skipped from vitest's JSON report. A file that failed without a failed
 * test (its beforeAll threw, it could not be imported) counts each of its tests that did not pass
 * as failed — at least one — since vitest reports those as merely skipped.
 */
function vitestCounts(report) {
  if (!report?.testResults) return undefined;
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const file of report.testResults) {
    const assertions = file.assertionResults ?? [];
    const passed = assertions.filter((assertion) => assertion.status === "passed").length;
    const failed = assertions.filter((assertion) => assertion.status === "failed").length;
    const other = assertions.length - passed - failed;
    counts.passed += passed;
    if (file.status === "failed" && failed === 0) {
      counts.failed += Math.max(1, other);
    } else {
      counts.failed += failed;
      counts.skipped += other;
    }
  }
  return counts;
}

async function postgresReachable(url) {
  const pg = require("pg");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Playwright's own Chromium (or its headless shell), when it was downloaded on this machine. */
function playwrightOwnChromium() {
  try {
    const { chromium } = require("playwright-core");
    if (existsSync(chromium.executablePath())) return chromium.executablePath();
  } catch {
    // no playwright-core
  }
  try {
    const { registry } = require("playwright-core/lib/server/registry/index");
    const shell = registry.findExecutable("chromium-headless-shell")?.executablePath();
    if (shell && existsSync(shell)) return shell;
  } catch {
    // internal layout changed: only the public path above counts
  }
  return undefined;
}

function commandExists(name) {
  return spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;
}

/** { path, own } of a Chromium to use, installing Debian's when allowed; or { error }. */
async function findBrowser() {
  const given = process.env.PLAYWRIGHT_CHROMIUM_PATH;
  if (given) {
    return existsSync(given) ? { path: given } : { error: `PLAYWRIGHT_CHROMIUM_PATH=${given} does not exist` };
  }
  if (existsSync("/usr/bin/chromium")) return { path: "/usr/bin/chromium" };
  const own = playwrightOwnChromium();
  if (own) return { path: own, own: true };
  if (process.getuid?.() === 0 && commandExists("apt-get")) {
    console.log("No Chromium found: installing Debian's chromium (apt-get install -y chromium)…");
    const env = { DEBIAN_FRONTEND: "noninteractive" };
    const code =
      (await run("apt-get", ["update"], env)) || (await run("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], env));
    if (code === 0 && existsSync("/usr/bin/chromium")) return { path: "/usr/bin/chromium" };
    return { error: `apt-get install -y chromium failed (exit code ${code})` };
  }
  return {
    error:
      "no Chromium found. Install one and run again: `sudo apt-get install -y chromium` (Debian/Ubuntu), " +
      "or `npx playwright install chromium` where downloads are possible, " +
      "or set PLAYWRIGHT_CHROMIUM_PATH=/path/to/chrome.",
  };
}

async function playwright() {
  banner("Playwright: e2e");
  const startedAt = Date.now();
  // Sources edited since the first build (a working tree in use) would make the web server build
  // inside Playwright's start-up timeout: build here first.
  const rebuild = await build();
  if (rebuild !== 0) {
    record("e2e", 1, undefined, startedAt, "next build failed");
    return;
  }
  const browser = await findBrowser();
  if (browser.error) {
    console.error(`e2e: ${browser.error}`);
    record("e2e", 1, undefined, startedAt, browser.error);
    return;
  }
  console.log(`Chromium: ${browser.path}`);
  const output = join(reportDir, "playwright.json");
  const code = await run(
    process.execPath,
    [join(root, "node_modules", "@playwright", "test", "cli.js"), "test", "--reporter=list,json"],
    {
      PLAYWRIGHT_JSON_OUTPUT_NAME: output,
      ...(browser.own ? {} : { PLAYWRIGHT_CHROMIUM_PATH: browser.path }),
    },
  );
  const stats = readJson(output)?.stats;
  const counts = stats && {
    passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
    failed: stats.unexpected ?? 0,
    skipped: stats.skipped ?? 0,
  };
  const note = counts && counts.passed + counts.failed + counts.skipped === 0 ? "no test ran: no e2e/*.spec.ts, or the web server did not start (see above)" : undefined;
  record("e2e", code, counts, startedAt, note);
}

async function main() {
  const startedAt = Date.now();
  banner("build");
  const buildCode = await build();
  const built = buildCode === 0;
  if (!built) record("build", buildCode, { passed: 0, failed: 1 }, startedAt, "next build failed");

  banner("typecheck");
  const typecheckStarted = Date.now();
  // The build checks the app's files; this checks everything (tests, specs, scripts, bench).
  const typecheckCode = await run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", "tsconfig.json"]);
  record("typecheck", typecheckCode, { passed: typecheckCode === 0 ? 1 : 0, failed: typecheckCode === 0 ? 0 : 1 }, typecheckStarted, typecheckCode === 0 ? undefined : "tsc --noEmit found type errors");

  await vitest("unit");
  if (built) await vitest("sqlite");
  else suites.push({ name: "sqlite", state: "not run", passed: 0, failed: 0, skipped: 0, note: "the build failed" });

  banner("PostgreSQL");
  if (!built) {
    suites.push({ name: "postgresql", state: "not run", passed: 0, failed: 0, skipped: 0, note: "the build failed" });
  } else if (await postgresReachable(testPgUrl)) {
    console.log(`PostgreSQL answers at ${printable(testPgUrl)}`);
    await vitest("postgresql", { TEST_PG_URL: testPgUrl });
  } else if (postgresRequired) {
    const why = `no server at ${printable(testPgUrl)}; it is required here (${flag("CI") ? "CI" : "TOLOV_REQUIRE_POSTGRES=1"} is set). Start PostgreSQL or set TEST_PG_URL.`;
    console.error(`PostgreSQL suite FAILED: ${why}`);
    record("postgresql", 1, undefined, undefined, why);
  } else {
    const why = `no server at ${printable(testPgUrl)} (set TEST_PG_URL)`;
    console.log(`PostgreSQL suite NOT run: ${why}`);
    suites.push({ name: "postgresql", state: "not run", passed: 0, failed: 0, skipped: 0, note: why });
  }

  if (built) await playwright();
  else suites.push({ name: "e2e", state: "not run", passed: 0, failed: 0, skipped: 0, note: "the build failed" });

  rmSync(reportDir, { recursive: true, force: true });

  banner("summary");
  for (const suite of suites) {
    const counts = suite.state === "not run" ? "NOT run" : `${suite.passed} passed, ${suite.failed} failed${suite.skipped ? `, ${suite.skipped} skipped` : ""}`;
    const time = suite.seconds === undefined ? "" : ` (${suite.seconds.toFixed(0)} s)`;
    const mark = suite.state === "passed" ? "ok  " : suite.state === "failed" ? "FAIL" : "--  ";
    console.log(`${mark} ${suite.name.padEnd(11)} ${counts}${time}${suite.note ? ` — ${suite.note}` : ""}`);
  }
  const passed = suites.reduce((sum, suite) => sum + suite.passed, 0);
  const failed = suites.reduce((sum, suite) => sum + suite.failed, 0);
  console.log(`total time ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || suites.some((suite) => suite.state === "failed") ? 1 : 0;
}

await main();
