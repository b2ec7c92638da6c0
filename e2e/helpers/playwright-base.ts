// The part every Playwright config of this repository shares (playwright.config.ts for `npm
// test`, playwright.live.config.ts for Payme's test platform): the e2e store started by
// `node scripts/start.mjs` on a throw-away SQLite database, Chromium, the Tashkent time zone.
// Each config adds only what differs: which specs, how many workers, time limits, and the
// store's payment environment.
import { defineConfig, devices, type PlaywrightTestConfig } from "@playwright/test";
import { chromiumArgs, chromiumExecutable, e2eServer, UNREACHABLE_CBU_URL } from "./test-server";

export type PlaywrightBaseOptions = {
  testMatch: string | string[];
  workers: number;
  /** Per test and per expect, in ms. */
  timeout: number;
  expectTimeout: number;
  outputDir: string;
  /** The store's environment beyond port, URLs, database and data folder (payments mode, keys…). */
  storeEnv: (server: ReturnType<typeof e2eServer>) => Record<string, string>;
  /** A module run once after every spec, while the store still runs (Playwright's globalTeardown). */
  globalTeardown?: string;
};

/** A Playwright config for the e2e store, from the options above. */
export function playwrightBase(options: PlaywrightBaseOptions): PlaywrightTestConfig {
  const server = e2eServer();
  const executablePath = chromiumExecutable();
  return defineConfig({
    testDir: "e2e",
    testMatch: options.testMatch,
    fullyParallel: false,
    forbidOnly: true,
    workers: options.workers,
    retries: 0,
    timeout: options.timeout,
    expect: { timeout: options.expectTimeout },
    reporter: "list",
    outputDir: options.outputDir,
    ...(options.globalTeardown ? { globalTeardown: options.globalTeardown } : {}),
    use: {
      baseURL: server.baseURL,
      timezoneId: "Asia/Tashkent",
      trace: "retain-on-failure",
      screenshot: "only-on-failure",
    },
    projects: [
      {
        name: "chromium",
        use: {
          ...devices["Desktop Chrome"],
          launchOptions: { ...(executablePath ? { executablePath } : {}), args: chromiumArgs },
        },
      },
    ],
    webServer: {
      command: "node scripts/start.mjs",
      url: `${server.baseURL}/api/products`,
      reuseExistingServer: false,
      // The first start builds the app when the sources changed.
      timeout: 300_000,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      env: {
        PORT: String(server.port),
        HOST: "127.0.0.1",
        PUBLIC_URL: server.baseURL,
        DATABASE_URL: server.databaseUrl,
        DATA_DIR: server.dataDir,
        CBU_RATES_URL: UNREACHABLE_CBU_URL,
        NEXT_TELEMETRY_DISABLED: "1",
        ...options.storeEnv(server),
      },
    },
  });
}
