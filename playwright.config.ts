// Playwright runs the storefront journeys (e2e/*.spec.ts) against the real store, started by
// `node scripts/start.mjs` on a throw-away SQLite database with sandbox payments.
// Chromium: PLAYWRIGHT_CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own.
import { defineConfig, devices } from "@playwright/test";
import { chromiumArgs, chromiumExecutable, e2eServer, UNREACHABLE_CBU_URL } from "./e2e/helpers/test-server";

const server = e2eServer();
const executablePath = chromiumExecutable();

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  forbidOnly: true,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: "list",
  outputDir: "test-results",
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
      // The specs place many orders from one address; the limit has its own test.
      TOLOV_ORDERS_PER_MINUTE: "0",
      SANDBOX_PORT: String(server.port + 1),
      DATABASE_URL: server.databaseUrl,
      DATA_DIR: server.dataDir,
      PAYMENTS_MODE: "sandbox",
      CBU_RATES_URL: UNREACHABLE_CBU_URL,
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
