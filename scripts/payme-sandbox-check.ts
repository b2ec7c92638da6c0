// `npm run payme:sandbox-check -- --url https://shop.example/api/payme --key KEY [--order N --amount A]`
// Runs the Payme sandbox's two scenarios (test.paycom.uz) against a Merchant API endpoint and
// prints a pass/fail line per check; exits 1 when any check fails, 2 on a usage error. Without
// --order it creates an order through the store's `POST /api/orders` at the same origin as --url.
import { parseArgs } from "node:util";
import { runSandboxScenarios, storeOrderFactory, type SandboxScenarioOptions } from "../lib/payments/payme/sandbox-scenarios";

const usage = `Usage: npm run payme:sandbox-check -- --url <endpoint> --key <key> [--order <number> --amount <tiyin>]
  --url            the Merchant API endpoint, e.g. http://localhost:3000/api/payme
  --key            the cashbox key it expects (the test key outside live mode); or env PAYME_TEST_KEY
  --order          an order number awaiting payment (default: a new order from the store at --url's origin)
  --amount         that order's outstanding amount in tiyin (required with --order)
  --login          the Basic auth login (default Paycom)
  --account-field  the account field (default order_id)
  --missing-order  an order number that does not exist (default: a random one near 2^31)`;

function usageError(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

async function main(): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        url: { type: "string" },
        key: { type: "string" },
        order: { type: "string" },
        amount: { type: "string" },
        login: { type: "string" },
        "account-field": { type: "string" },
        "missing-order": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    usageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const url = typeof values.url === "string" ? values.url : undefined;
  const key = typeof values.key === "string" ? values.key : process.env.PAYME_TEST_KEY;
  if (!url) usageError("--url is required");
  if (!key) usageError("--key is required");
  let origin: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error("not http(s)");
    origin = parsed.origin;
  } catch {
    usageError(`--url must be an http(s) URL, not ${url}`);
  }

  let order: SandboxScenarioOptions["order"];
  if (values.order !== undefined) {
    if (!/^[1-9]\d*$/.test(String(values.order))) usageError("--order must be an order number");
    if (values.amount === undefined || !/^[1-9]\d*$/.test(String(values.amount))) usageError("--amount (in tiyin) is required with --order");
    order = { number: String(values.order), amount: String(values.amount) };
  } else {
    if (values.amount !== undefined) usageError("--amount goes with --order");
    order = storeOrderFactory(origin);
  }

  console.log(`Payme sandbox scenarios against ${url}`);
  const checks = await runSandboxScenarios({
    url,
    key,
    order,
    login: typeof values.login === "string" ? values.login : undefined,
    accountField: typeof values["account-field"] === "string" ? values["account-field"] : undefined,
    missingOrderNumber: typeof values["missing-order"] === "string" ? values["missing-order"] : undefined,
  });
  for (const check of checks) console.log(`${check.ok ? "PASS" : "FAIL"}  ${check.name} — ${check.detail}`);
  const failed = checks.filter((check) => !check.ok).length;
  console.log(`${checks.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("payme:sandbox-check could not run:", error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
