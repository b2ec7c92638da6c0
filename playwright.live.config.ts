// `npm run test:live` (scripts/test-live.mjs): the card journeys of e2e/payme-card.spec.ts against
// Payme's real test platform (https://checkout.test.paycom.uz/api), holds and the sandbox's QA
// refund excepted. The store runs in PAYMENTS_MODE=test with PAYME_MERCHANT_ID / PAYME_TEST_KEY;
// the browser sends the test cards to Payme itself. Never part of `npm test`.
// The shared part is e2e/helpers/playwright-base.ts, as for playwright.config.ts.
import { playwrightBase } from "./e2e/helpers/playwright-base";

// The spec reads this (workers inherit the runner's environment).
process.env.TOLOV_LIVE = "1";

export default playwrightBase({
  testMatch: ["payme-card.spec.ts"],
  // One journey at a time: a real platform, real SMS rules, no need to race it.
  workers: 1,
  timeout: 120_000,
  expectTimeout: 20_000,
  outputDir: "test-results/live",
  storeEnv: () => ({
    PAYMENTS_MODE: "test",
    PAYME_MERCHANT_ID: process.env.PAYME_MERCHANT_ID ?? "",
    PAYME_TEST_KEY: process.env.PAYME_TEST_KEY ?? "",
    // Payme's platform cannot call a store on 127.0.0.1: a cashbox without billing, unless told
    // otherwise (with PUBLIC_URL reachable from the internet).
    PAYME_BILLING: process.env.PAYME_BILLING ?? "false",
  }),
});
