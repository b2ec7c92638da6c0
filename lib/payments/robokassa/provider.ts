import { definePaymentProvider } from "../provider";
import {
  loadRobokassaSettings,
  ROBOKASSA_PREFIX,
  robokassaFields,
  robokassaKeysForm,
  robokassaPasswords,
  sandboxRobokassaCredentials,
} from "./robokassa-settings";

/**
 * Robokassa (ResultURL on `/api/robokassa/result`, shopper returns on success/fail). Today: its
 * settings section; the signed pay link, refunds, reconciliation and routes join this entry as
 * the Robokassa code in this folder lands. Robokassa never reserves, so it has no lapse rule.
 */
export const robokassaProvider = definePaymentProvider({
  id: "robokassa",
  settings: {
    id: "robokassa",
    prefix: ROBOKASSA_PREFIX,
    form: robokassaKeysForm,
    fields: robokassaFields,
    secrets: ["password1", "password2", "password3", "testPassword1", "testPassword2"],
    liveRequires: ["login", "password1", "password2"],
    defaults: { login: "", hash: "md5", mode: "sandbox", ipAllowlist: "false", trustedProxies: "", checkout: "true" },
    seed({ env, appSecret }) {
      const sandbox = env.PAYMENTS_MODE === "sandbox" ? sandboxRobokassaCredentials(appSecret) : undefined;
      return {
        values: { login: env.ROBOKASSA_LOGIN ?? sandbox?.login, hash: env.ROBOKASSA_HASH, mode: env.PAYMENTS_MODE },
        secrets: {
          password1: env.ROBOKASSA_PASSWORD1,
          password2: env.ROBOKASSA_PASSWORD2,
          password3: env.ROBOKASSA_PASSWORD3 ?? sandbox?.password3,
          testPassword1: env.ROBOKASSA_TEST_PASSWORD1 ?? sandbox?.testPassword1,
          testPassword2: env.ROBOKASSA_TEST_PASSWORD2 ?? sandbox?.testPassword2,
        },
      };
    },
  },
  async readiness({ sql, appSecret }) {
    const settings = await loadRobokassaSettings(sql, appSecret);
    const passwords = robokassaPasswords(settings);
    return { mode: settings.mode, configured: Boolean(settings.login && passwords.password1 && passwords.password2) };
  },
  callbackUrls: ({ publicUrl }) => [
    { label: "callbacks.robokassaResult", url: `${publicUrl}/api/robokassa/result`, method: "POST" },
    { label: "callbacks.robokassaSuccess", url: `${publicUrl}/api/robokassa/success`, method: "GET" },
    { label: "callbacks.robokassaFail", url: `${publicUrl}/api/robokassa/fail`, method: "GET" },
  ],
});
