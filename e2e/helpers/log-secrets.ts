// Playwright's global teardown for `npm test`'s e2e run (playwright.config.ts): after every spec,
// while the store still runs, its structured log (LOG_FILE, set in the config's storeEnv) is
// searched for every secret of the run — the admin password, APP_SECRET, the sandbox token, the
// cashbox keys (the sandbox's derived ones and those the admin spec types in), the test cards
// and the SMS code — and for any full phone number or Uzcard/Humo card number. One found fails
// the run (lib/log/secret-scan.ts; its unit test plants secrets to prove the search finds them).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { secretsInLog, DEFAULT_SECRET_PATTERNS, type KnownSecret } from "../../lib/log/secret-scan";
import { sandboxClickCredentials } from "../../lib/payments/click/sandbox-credentials";
import { sandboxPaymeCredentials } from "../../lib/payments/payme/payme-settings";
import { sandboxRobokassaCredentials } from "../../lib/payments/robokassa/sandbox-credentials";
import { e2eServer } from "./test-server";

/** Every test card the specs type (e2e/payme-*.spec.ts, test/helpers/test-card.ts) and the sandbox's SMS code. */
const TEST_CARDS = ["8600069195406311", "8600069195406312", "8600495473316478", "8600060921090842", "8600143417770323", "8600134301849596"];
const SMS_CODE = "666666";

/** The keys e2e/admin.spec.ts types into the settings page (`<name>-<Date.now()>-<suffix>`). */
const ADMIN_SPEC_KEYS = [/payme-live-\d+-K3y9/, /click-secret-\d+-S7q2/, /robokassa-(?:one|two|three)-\d+-R\d[a-z]\d/];

/** The run's secrets as the store generated and derived them in DATA_DIR. */
export function e2eSecrets(dataDir: string): KnownSecret[] {
  const generated = JSON.parse(readFileSync(join(dataDir, "secrets.json"), "utf8")) as { ADMIN_PASSWORD: string; APP_SECRET: string };
  const secrets: KnownSecret[] = [
    { name: "ADMIN_PASSWORD", value: generated.ADMIN_PASSWORD },
    { name: "APP_SECRET", value: generated.APP_SECRET },
    { name: "Payme sandbox test key", value: sandboxPaymeCredentials(generated.APP_SECRET).testKey },
    { name: "Click sandbox secret key", value: sandboxClickCredentials(generated.APP_SECRET).secretKey },
    ...Object.entries(sandboxRobokassaCredentials(generated.APP_SECRET))
      .filter(([field]) => field !== "login")
      .map(([field, value]) => ({ name: `Robokassa sandbox ${field}`, value })),
    ...TEST_CARDS.map((card) => ({ name: `test card ${card}`, value: card })),
    { name: "SMS code", value: SMS_CODE },
  ];
  const tokenPath = join(dataDir, "sandbox-token");
  if (existsSync(tokenPath)) secrets.push({ name: "sandbox token", value: readFileSync(tokenPath, "utf8").trim() });
  return secrets;
}

/**
 * Throws when the store's log `file` is missing, lacks its start line, or holds any secret of the
 * store whose DATA_DIR is `dataDir` (or a full phone or card number); returns its line count.
 */
export function checkLogFile(file: string, dataDir: string): number {
  if (!existsSync(file)) throw new Error(`the e2e store wrote no log at ${file} (LOG_FILE): the secrets check cannot run`);
  const text = readFileSync(file, "utf8");
  if (!text.includes(`"msg":"store started"`)) throw new Error(`the e2e store's log ${file} lacks its start line: is LOG_FILE passed to the store?`);
  const found = secretsInLog(text, e2eSecrets(dataDir), [
    ...DEFAULT_SECRET_PATTERNS,
    ...ADMIN_SPEC_KEYS.map((pattern) => ({ name: `a key typed by e2e/admin.spec.ts (${pattern.source})`, pattern })),
  ]);
  if (found.length > 0) throw new Error(`the store's log (${file}) holds secrets: ${found.join(", ")}`);
  return text.split("\n").filter(Boolean).length;
}

export default async function checkLogForSecrets(): Promise<void> {
  const server = e2eServer();
  const lines = checkLogFile(server.logFile, server.dataDir);
  console.log(`Log secrets check: ${lines} lines of ${server.logFile}, no secret, card, SMS code or full phone number.`);
}
