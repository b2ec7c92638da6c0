import { definePaymentProvider } from "../provider";
import { CLICK_PREFIX, clickFields, clickKeysForm, loadClickSettings, sandboxClickCredentials } from "./click-settings";

/**
 * Click (SHOP API callbacks on `/api/click/prepare|complete`). Today: its settings section; the
 * hosted checkout, refunds, the Prepare window's lapse rule, reconciliation and routes join this
 * entry as the Click code in this folder lands.
 */
export const clickProvider = definePaymentProvider({
  id: "click",
  settings: {
    id: "click",
    prefix: CLICK_PREFIX,
    form: clickKeysForm,
    fields: clickFields,
    secrets: ["secretKey"],
    liveRequires: ["serviceId", "merchantId", "secretKey"],
    defaults: { serviceId: "", merchantId: "", merchantUserId: "", mode: "sandbox", reservationMinutes: "30", checkout: "true" },
    seed({ env, appSecret }) {
      const sandbox = env.PAYMENTS_MODE === "sandbox" ? sandboxClickCredentials(appSecret) : undefined;
      return {
        values: {
          serviceId: env.CLICK_SERVICE_ID ?? sandbox?.serviceId,
          merchantId: env.CLICK_MERCHANT_ID ?? sandbox?.merchantId,
          merchantUserId: env.CLICK_MERCHANT_USER_ID ?? sandbox?.merchantUserId,
          mode: env.PAYMENTS_MODE,
        },
        secrets: { secretKey: env.CLICK_SECRET_KEY ?? sandbox?.secretKey },
      };
    },
  },
  async readiness({ sql, appSecret }) {
    const settings = await loadClickSettings(sql, appSecret);
    return { mode: settings.mode, configured: Boolean(settings.serviceId && settings.merchantId && settings.secretKey) };
  },
  callbackUrls: ({ publicUrl }) => [
    { label: "callbacks.clickPrepare", url: `${publicUrl}/api/click/prepare`, method: "POST" },
    { label: "callbacks.clickComplete", url: `${publicUrl}/api/click/complete`, method: "POST" },
  ],
});
