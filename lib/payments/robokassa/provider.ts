import type { IncomingMessage, ServerResponse } from "node:http";
import { sql } from "../../db";
import { env } from "../../env";
import { definePaymentProvider } from "../provider";
import { robokassaAdminAttempts } from "./admin";
import { robokassaConfirmationUntil } from "./attempt-store";
import { robokassaHostedCheckout } from "./hosted-checkout";
import {
  loadRobokassaSettings,
  ROBOKASSA_PREFIX,
  robokassaFields,
  robokassaKeysForm,
  receiptSettingDefaults,
  robokassaPasswords,
  sandboxRobokassaCredentials,
} from "./robokassa-settings";

/** Refunds still processing at Robokassa are polled this often. */
const REFUND_POLL_INTERVAL_MS = 60_000;

/** The store's database and secrets, read when a hook runs (server.ts loads this file before they exist). */
function storeDeps() {
  const config = env();
  return { sql: sql(), appSecret: config.APP_SECRET!, env: config };
}

/**
 * Robokassa: the signed pay link/form of a stored attempt (one InvId each), ResultURL on
 * `/api/robokassa/result` (also answered by server.ts before Next.js), the shopper's returns on
 * `/api/robokassa/success|fail`, refunds through Robokassa's refund API, OpStateExt for the
 * connection check and reconciliation. Robokassa never reserves, so it has no lapse rule.
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
    defaults: { login: "", hash: "md5", mode: "sandbox", ipAllowlist: "false", trustedProxies: "", checkout: "true", ...receiptSettingDefaults },
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
  checkout: (input) => robokassaHostedCheckout(input),

  // Robokassa's refund API takes a RefundSum below the payment (protocol file "Status and refunds").
  partialRefunds: true,
  async refund({ orderNumber, ledgerId, amount }) {
    const { requestRobokassaRefund } = await import("./refunds");
    return requestRobokassaRefund(storeDeps(), { orderNumber, ledgerId, amount });
  },
  async refundNote() {
    return {
      ru: "Оплачен на странице Robokassa. Кнопка «Вернуть» просит Robokassa вернуть весь платёж или его часть; возврат появится здесь, когда Robokassa его подтвердит.",
      uz: "Robokassa sahifasida to'langan. «Qaytarish» tugmasi Robokassa'dan to'lovning hammasini yoki bir qismini qaytarishni so'raydi; Robokassa tasdiqlaganda qaytarish shu yerda ko'rinadi.",
      en: "Paid on Robokassa's page. The Refund button asks Robokassa to return all or part of the payment; the refund appears here once Robokassa confirms it.",
    };
  },
  async checkConnection() {
    const { checkRobokassaConnection } = await import("./admin");
    return checkRobokassaConnection(storeDeps());
  },
  attempts: ({ sql, orderNumber }) => robokassaAdminAttempts(sql, orderNumber),
  // A verified SuccessURL visit whose ResultURL has not come yet (15 minutes at most).
  async confirmationPending({ sql, orderNumber, nowMs }) {
    const until = await robokassaConfirmationUntil(sql, orderNumber, nowMs);
    return until ? { until } : null;
  },
  async reconciliation() {
    const { robokassaReconciliationSource } = await import("./admin");
    return robokassaReconciliationSource(storeDeps());
  },

  jobs: [
    {
      name: "robokassa refund poll",
      intervalMs: REFUND_POLL_INTERVAL_MS,
      run: async ({ sql }) => {
        const { pollOpenRobokassaRefunds } = await import("./refunds");
        const config = env();
        return pollOpenRobokassaRefunds({ sql, appSecret: config.APP_SECRET!, env: config });
      },
    },
  ],
  fastRoutes: [
    {
      path: "/api/robokassa/result",
      // On unless TOLOV_ROBOKASSA_FAST_PATH=off (then the Next.js route answers, e.g. to compare them).
      enabled: () => process.env.TOLOV_ROBOKASSA_FAST_PATH !== "off",
      createHandler: () => {
        let handler: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
        return async (req, res) => {
          handler ??= (await import("./store-endpoints")).createResultHttpHandler(() => {
            const config = env();
            return { sql: sql(), appSecret: config.APP_SECRET! };
          });
          await handler(req, res);
        };
      },
    },
  ],
});
