// `npm run test:live`: the card journeys (e2e/payme-card.spec.ts, holds excepted) against Payme's
// real test platform, https://checkout.test.paycom.uz/api, through playwright.live.config.ts.
// Needs a test cashbox: PAYME_MERCHANT_ID and PAYME_TEST_KEY (the key comes from Payme's support;
// see ../shared/docs/protocols/payme-subscribe-api.md). Exit code 2 when they are missing.
// Not part of `npm test`: our machines cannot reach Payme.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const missing = ["PAYME_MERCHANT_ID", "PAYME_TEST_KEY"].filter((name) => !process.env[name]?.trim());
if (missing.length > 0) {
  console.error(
    `test:live needs Payme test-cashbox credentials: ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set.\n` +
      "Set PAYME_MERCHANT_ID (the cashbox id) and PAYME_TEST_KEY (its test key, from Payme's support), e.g.\n" +
      "  PAYME_MERCHANT_ID=… PAYME_TEST_KEY=… npm run test:live\n" +
      "The journeys run against https://checkout.test.paycom.uz/api (PAYME_SUBSCRIBE_URL overrides it); holds are left out\n" +
      "(Payme allows testing them only in live mode). PAYME_BILLING defaults to false: Payme cannot call a store on 127.0.0.1.",
  );
  process.exit(2);
}

console.log(`test:live: cashbox ${process.env.PAYME_MERCHANT_ID}, Subscribe endpoint ${process.env.PAYME_SUBSCRIBE_URL ?? "https://checkout.test.paycom.uz/api"}`);
const child = spawn(
  process.execPath,
  [join(root, "node_modules", "@playwright", "test", "cli.js"), "test", "--config", join(root, "playwright.live.config.ts"), ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } },
);
child.on("error", (error) => {
  console.error(`test:live: could not run Playwright: ${error.message}`);
  process.exit(1);
});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
