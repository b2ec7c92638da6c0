import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import type { Env } from "../env";
import { sandboxOrigin } from "../payments/provider-urls";
import { GENERATED_SECRETS_FILE } from "../secrets";
import { loadOrCreateSandboxToken } from "./token";
import { robokassaSandboxCredentialsFromEnv, type RobokassaSandboxCredentials } from "./robokassa/credentials";
import { clickSandboxCredentials, deriveClickSandboxCredentials, type ClickSandboxCredentials } from "./click/connection";

/** What the cashbox and Payme share: the emulator plays Payme, so it holds the same values. */
export type PaymeSandboxCredentials = {
  merchantId: string;
  testKey: string;
  /** Basic auth login (DESIGN: "Paycom" unless Payme's support says otherwise). */
  login: string;
};

export type SandboxConfig = {
  host: string;
  port: number;
  /** How a browser reaches this server (printed at start). */
  publicUrl: string;
  dataDir: string;
  /** The store's base URL: its callback endpoints live under it (`/api/payme`). */
  storeUrl: string;
  payme: PaymeSandboxCredentials;
  /** `APP_SECRET`: derived by the store (its settings' seed), handed over at start. */
  paymeCredentialsFrom: "environment" | "APP_SECRET";
  /** Opens the cabinets (lib/sandbox/token.ts, DATA_DIR/sandbox-token). */
  token: string;
  tokenPath: string;
  /** The Robokassa emulator's shop (absent in hand-built configs: the emulator is then not mounted). */
  robokassa?: RobokassaSandboxCredentials;
  /** The Click cashbox the emulator plays: CLICK_* variables, else derived from APP_SECRET as the store does. */
  click?: ClickSandboxCredentials;
};

export class SandboxConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SandboxConfigError";
  }
}

const storedSecrets = z.object({ APP_SECRET: z.string().min(32) });

/**
 * Each provider's credentials as the store seeds them in sandbox mode (`sandboxSeeds` of
 * lib/payments/registry.ts: the environment's values, else derived from APP_SECRET), keyed by
 * provider id. The store hands them over when it starts the sandbox (server.ts,
 * scripts/sandbox.ts), so the emulators load none of the store's settings code.
 */
export type StoreSandboxCredentials = Readonly<
  Record<string, { values: Record<string, string | undefined>; secrets: Record<string, string | undefined> } | undefined>
>;

/** APP_SECRET from the environment, else the one the store generated in DATA_DIR (never created here). */
export function sandboxAppSecret(env: Env): string | undefined {
  if (env.APP_SECRET) return env.APP_SECRET;
  try {
    const parsed = storedSecrets.safeParse(JSON.parse(readFileSync(join(resolve(env.DATA_DIR), GENERATED_SECRETS_FILE), "utf8")));
    return parsed.success ? parsed.data.APP_SECRET : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The sandbox's configuration from the store's own variables (DESIGN.md "Contract"): SANDBOX_PORT,
 * SANDBOX_STORE_URL (default PUBLIC_URL), and the same Payme credential variables as the store —
 * or, when none are given, the ones the store derived from APP_SECRET and handed over (`store`).
 */
export function sandboxConfigFromEnv(env: Env, store: StoreSandboxCredentials = {}): SandboxConfig {
  const merchantId = env.PAYME_MERCHANT_ID ?? store.payme?.values.merchantId;
  const testKey = env.PAYME_TEST_KEY ?? store.payme?.secrets.testKey;
  const from: SandboxConfig["paymeCredentialsFrom"] = env.PAYME_MERCHANT_ID && env.PAYME_TEST_KEY ? "environment" : "APP_SECRET";
  if (!merchantId || !testKey) {
    throw new SandboxConfigError(
      "The sandbox needs the store's Payme credentials: set PAYME_MERCHANT_ID and PAYME_TEST_KEY, " +
        `or APP_SECRET (or start the store once so that ${join(env.DATA_DIR, GENERATED_SECRETS_FILE)} exists).`,
    );
  }
  const { token, path: tokenPath } = loadOrCreateSandboxToken(env.DATA_DIR);
  // Click is emulated when its credentials can be had (given, or derived from APP_SECRET as the
  // store derives them); a sandbox started with Payme's keys alone serves Payme alone.
  const clickGiven = env.CLICK_SERVICE_ID && env.CLICK_MERCHANT_ID && env.CLICK_MERCHANT_USER_ID && env.CLICK_SECRET_KEY;
  const clickSecret = clickGiven ? undefined : sandboxAppSecret(env);
  const click = clickGiven || clickSecret ? clickSandboxCredentials(env, () => deriveClickSandboxCredentials(clickSecret!)) : undefined;
  return {
    host: env.SANDBOX_HOST ?? env.HOST,
    port: env.SANDBOX_PORT,
    publicUrl: sandboxOrigin(env),
    dataDir: env.DATA_DIR,
    storeUrl: env.SANDBOX_STORE_URL ?? env.PUBLIC_URL,
    payme: { merchantId, testKey, login: "Paycom" },
    paymeCredentialsFrom: from,
    token,
    tokenPath,
    // Like Click: emulated when its credentials can be had, else the sandbox serves without it.
    robokassa: env.ROBOKASSA_LOGIN || sandboxAppSecret(env) ? robokassaSandboxCredentialsFromEnv(env, () => sandboxAppSecret(env)) : undefined,
    click,
  };
}
