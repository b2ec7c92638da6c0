import { definePaymentProvider } from "../provider";
import { clickCallbackDeps } from "./callbacks";
import { CLICK_PREFIX, clickFields, clickKeysForm, loadClickSettings, sandboxClickCredentials } from "./click-settings";
import { createClickHttpHandler } from "./http";

// The admin's Click code (Merchant API client, audit) loads when a hook runs.
const entry = () => import("./store-entry");

/**
 * Click: SHOP API callbacks on `/api/click/prepare|complete` (answered by server.ts's fast path,
 * the Next.js routes serving the same handler otherwise), the `services/pay` link, refund by
 * reversal, attempts and reconciliation. No lapse rule: the settlement core drops a Prepare's
 * reservation when its window (`expiresAt`) passes, and a later Complete is judged on the order
 * as it is then (DESIGN.md "Reservation").
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
  async checkout(input) {
    return (await entry()).clickHostedCheckout(input);
  },
  async refund(input) {
    return (await entry()).refundClickPayment(input);
  },
  /** Click reverses whole payments only, within the payment's month (else "refund by hand"). */
  async refundNote() {
    return {
      ru: "Оплачен через Click. Кнопка «Вернуть» просит Click отменить платёж — только целиком (часть платежа Click не возвращает) и только в месяце оплаты; иначе платёж помечается «вернуть вручную».",
      uz: "Click orqali to'langan. «Qaytarish» tugmasi Click'dan to'lovni bekor qilishni so'raydi — faqat to'liq (Click to'lovning bir qismini qaytarmaydi) va faqat to'lov oyida; aks holda to'lov «qo'lda qaytarish» deb belgilanadi.",
      en: "Paid through Click. The Refund button asks Click to reverse the payment — in full only (Click does not return part of a payment) and only within the month of payment; otherwise the payment is flagged \"refund by hand\".",
    };
  },
  async attempts({ sql, orderNumber }) {
    return (await entry()).clickAttempts(sql, orderNumber);
  },
  async reconciliation() {
    const { sql } = await import("../../db");
    return (await entry()).clickReconciliationSource(sql());
  },
  fastRoutes: [
    { path: "/api/click/prepare", enabled: () => true, createHandler: () => createClickHttpHandler("prepare", clickCallbackDeps()) },
    { path: "/api/click/complete", enabled: () => true, createHandler: () => createClickHttpHandler("complete", clickCallbackDeps()) },
  ],
});
