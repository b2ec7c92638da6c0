// Playwright runs the storefront journeys (e2e/*.spec.ts) against the real store, started by
// `node scripts/start.mjs` on a throw-away SQLite database with sandbox payments.
// Chromium: PLAYWRIGHT_CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own.
// The shared part is e2e/helpers/playwright-base.ts (playwright.live.config.ts uses it too).
import { playwrightBase } from "./e2e/helpers/playwright-base";

export default playwrightBase({
  testMatch: "**/*.spec.ts",
  workers: 2,
  timeout: 60_000,
  expectTimeout: 10_000,
  outputDir: "test-results",
  storeEnv: (server) => ({
    SANDBOX_PORT: String(server.port + 1),
    PAYMENTS_MODE: "sandbox",
    // The specs place many orders from one address; the limit has its own test.
    TOLOV_ORDERS_PER_MINUTE: "0",
    // The structured log goes to a file the teardown searches for secrets (issue 15).
    LOG_FILE: server.logFile,
  }),
  // After every spec: the store's log holds no secret, test card, SMS code or full phone number.
  globalTeardown: "./e2e/helpers/log-secrets.ts",
});
