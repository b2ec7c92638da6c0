import type { Env } from "../../env";
import { canHash, derivedSandboxShop, type EmulatorHash } from "./wire";

/**
 * What the shop and Robokassa share. The emulator plays Robokassa's test mode, so it holds the
 * shop's **test** Password1/Password2 (`IsTest=1`), and Password3 for refunds.
 */
export type RobokassaSandboxCredentials = {
  login: string;
  password1: string;
  password2: string;
  password3: string;
  hash: EmulatorHash;
};

/** Refuses credentials the emulator could not sign with (never a silent MD5 instead). */
export function checkSandboxCredentials(credentials: RobokassaSandboxCredentials): string | undefined {
  if (!credentials.login || !credentials.password1 || !credentials.password2 || !credentials.password3) {
    return "Robokassa emulator: login and passwords 1, 2 and 3 are required";
  }
  if (!canHash(credentials.hash)) {
    return `Robokassa emulator: this Node.js cannot compute ${credentials.hash.toUpperCase()}; choose another ROBOKASSA_HASH`;
  }
  return undefined;
}

/**
 * The emulator's credentials from the store's own variables (DESIGN.md "Contract"):
 * ROBOKASSA_LOGIN, ROBOKASSA_TEST_PASSWORD1/2, ROBOKASSA_PASSWORD3, ROBOKASSA_HASH, each missing
 * one derived from APP_SECRET exactly as the store seeds it, so both sides agree.
 */
export function robokassaSandboxCredentialsFromEnv(
  env: Pick<Env, "ROBOKASSA_LOGIN" | "ROBOKASSA_TEST_PASSWORD1" | "ROBOKASSA_TEST_PASSWORD2" | "ROBOKASSA_PASSWORD3" | "ROBOKASSA_HASH">,
  appSecret: () => string | undefined,
): RobokassaSandboxCredentials {
  const given = { login: env.ROBOKASSA_LOGIN, password1: env.ROBOKASSA_TEST_PASSWORD1, password2: env.ROBOKASSA_TEST_PASSWORD2, password3: env.ROBOKASSA_PASSWORD3 };
  let derived: ReturnType<typeof derivedSandboxShop> | undefined;
  if (!given.login || !given.password1 || !given.password2 || !given.password3) {
    const secret = appSecret();
    if (!secret) {
      throw new Error("The Robokassa emulator needs the store's credentials: set ROBOKASSA_LOGIN, ROBOKASSA_TEST_PASSWORD1/2 and ROBOKASSA_PASSWORD3, or APP_SECRET.");
    }
    derived = derivedSandboxShop(secret);
  }
  return {
    login: given.login ?? derived!.login,
    password1: given.password1 ?? derived!.password1,
    password2: given.password2 ?? derived!.password2,
    password3: given.password3 ?? derived!.password3,
    hash: env.ROBOKASSA_HASH,
  };
}
