import { isRobokassaHashAvailable, type RobokassaHashAlgorithm } from "../../payments/robokassa/hash";

/**
 * What the shop and Robokassa share. The emulator plays Robokassa's test mode, so it holds the
 * shop's **test** Password1/Password2 (`IsTest=1`), and Password3 for refunds.
 */
export type RobokassaSandboxCredentials = {
  login: string;
  password1: string;
  password2: string;
  password3: string;
  hash: RobokassaHashAlgorithm;
};

/** Refuses credentials the emulator could not sign with (never a silent MD5 instead). */
export function checkSandboxCredentials(credentials: RobokassaSandboxCredentials): string | undefined {
  if (!credentials.login || !credentials.password1 || !credentials.password2 || !credentials.password3) {
    return "Robokassa emulator: login and passwords 1, 2 and 3 are required";
  }
  if (!isRobokassaHashAvailable(credentials.hash)) {
    return `Robokassa emulator: this Node.js cannot compute ${credentials.hash.toUpperCase()}; choose another ROBOKASSA_HASH`;
  }
  return undefined;
}
