// `npm run sandbox`: the provider emulators alone (QA against any store). `npm start` runs the
// same server beside the store in sandbox mode. Reads the store's variables: SANDBOX_PORT (default
// PORT + 1), SANDBOX_STORE_URL (default PUBLIC_URL), PAYME_MERCHANT_ID / PAYME_TEST_KEY or
// APP_SECRET (else data/secrets.json) so that both sides hold the same credentials.
import { EnvError, parseEnv } from "../lib/env";
import { sandboxSeeds } from "../lib/payments/registry";
import { sandboxAppSecret, SandboxConfigError } from "../lib/sandbox/config";
import { SandboxPortBusyError, startSandbox } from "../lib/sandbox/start-sandbox";

try {
  const env = parseEnv(process.env);
  // The credentials the store derives from APP_SECRET (its settings' seed), for those not set.
  const appSecret = sandboxAppSecret(env);
  const sandbox = await startSandbox(env, { credentials: appSecret ? sandboxSeeds({ env, appSecret }) : {} });
  const { config } = sandbox;
  console.log(`Tolov sandbox is serving ${sandbox.url}`);
  console.log(`  Payme checkout: ${sandbox.url}/payme (cabinet: ${sandbox.url}/payme/cabinet)`);
  console.log(`  sandbox token (opens the cabinets; kept in ${sandbox.tokenPath}): ${config.token}`);
  console.log(`  store's Merchant API: ${config.storeUrl}/api/payme, cashbox ${config.payme.merchantId} (credentials from ${config.paymeCredentialsFrom})`);
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} catch (error) {
  if (error instanceof EnvError || error instanceof SandboxConfigError || error instanceof SandboxPortBusyError) {
    console.error(error.message);
  } else {
    console.error("The sandbox could not start:", error instanceof Error ? error.message : error);
  }
  process.exit(1);
}
