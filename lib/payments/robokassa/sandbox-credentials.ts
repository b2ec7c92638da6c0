import { createHmac } from "node:crypto";

/**
 * The shop's sandbox credentials, derived from APP_SECRET: the store seeds them (sandbox mode,
 * nothing given by environment) and the emulator derives the same ones, so both sides agree.
 * No database code here: lib/sandbox imports this file.
 */
export function sandboxRobokassaCredentials(appSecret: string) {
  const derive = (label: string) => createHmac("sha256", appSecret).update(`tolov sandbox ${label}`).digest("hex").slice(0, 24);
  return {
    login: "tolov-sandbox",
    testPassword1: derive("robokassa test password 1"),
    testPassword2: derive("robokassa test password 2"),
    password3: derive("robokassa password 3"),
  };
}
