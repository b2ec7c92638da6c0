// `npm run test:live` (scripts/test-live.mjs): the card journeys of e2e/payme-card.spec.ts against
// Payme's real test platform (https://checkout.test.paycom.uz/api), holds and the sandbox's QA
// refund excepted. The store runs in PAYMENTS_MODE=test with PAYME_MERCHANT_ID / PAYME_TEST_KEY;
// the browser sends the test cards to Payme itself. Never part of `npm test`.
import { defineConfig, devices } from "@playwright/test";
import { chromiumArgs, chromiumExecutable, e2eServer, UNREACHABLE_CBU_URL } from "./e2e/helpers/test-server";

// The spec reads this (workers inherit the runner's environment).
process.env.TOLOV_LIVE = "1";

const server = e2eServer();
const executablePath = chromiumExecutable();

export default defineConfig({
  testDir: "e2e",
  testMatch: ["payme-card.spec.ts"],
  fullyParallel: false,
  forbidOnly: true,
  // One journey at a time: a real platform, real SMS rules, no need to race it.
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: "list",
  outputDir: "test-results/live",
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
      PAYMENTS_MODE: "test",
      PAYME_MERCHANT_ID: process.env.PAYME_MERCHANT_ID ?? "",
      PAYME_TEST_KEY: process.env.PAYME_TEST_KEY ?? "",
      // Payme's platform cannot call a store on 127.0.0.1: a cashbox without billing, unless told
      // otherwise (with PUBLIC_URL reachable from the internet).
      PAYME_BILLING: process.env.PAYME_BILLING ?? "false",
      CBU_RATES_URL: UNREACHABLE_CBU_URL,
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
