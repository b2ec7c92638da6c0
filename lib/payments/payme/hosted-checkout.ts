import type { Locale } from "../../i18n/locales";
import { createTranslator } from "../../i18n/translate";
import { orderItemsForFiscal } from "../../orders/order-items";
import type { CheckoutInput, CheckoutOutcome } from "../provider";
import { buildPaymeCheckoutForm, buildPaymeCheckoutLink } from "./checkout-link";
import { buildFiscalDetail } from "./fiscal-detail";
import { loadPaymeSettings } from "./payme-settings";
import { paymeCheckoutUrl } from "./payme-urls";

/**
 * Milliseconds on Payme's success page before it sends the shopper back to the order page
 * (`ct` / `callback_timeout`). Payme waits 15 s when none is given; the order page itself says
 * the order is paid, so the shopper is brought back after a moment (issue 14 item 3).
 */
export const PAYME_CALLBACK_TIMEOUT_MS = 0;

/**
 * The order page in the shopper's language, with Payme's `:transaction` placeholder that Payme
 * fills in on the way back. `publicUrl`: the store's origin as the shopper reached it.
 */
export function paymeCallbackUrl(publicUrl: string, orderId: string, lang: Locale): string {
  return `${publicUrl}/orders/${encodeURIComponent(orderId)}?lang=${lang}&payme=:transaction`;
}

/**
 * Payme's hosted checkout for the outstanding amount: the GET link (`url`) and the POST form with
 * the fiscal `detail` (DESIGN.md "Outstanding": a part already paid appears as discounts).
 */
export async function paymeHostedCheckout(input: CheckoutInput): Promise<CheckoutOutcome<"payme">> {
  const appSecret = input.env.APP_SECRET;
  if (!appSecret) throw new Error("APP_SECRET is not set: start the store with npm start");
  const settings = await loadPaymeSettings(input.sql, appSecret);
  if (!settings.merchantId) return { ok: false, reason: "not_configured", message: "Payme is not configured: set the cashbox id in the admin." };
  const items = await orderItemsForFiscal(input.sql, Number(input.order.number));
  const t = createTranslator(input.lang);
  const link = {
    checkoutUrl: paymeCheckoutUrl(settings.mode, input.env),
    merchantId: settings.merchantId,
    account: { [settings.accountField]: input.order.number },
    amount: input.outstanding,
    lang: input.lang,
    callback: paymeCallbackUrl(input.env.PUBLIC_URL, input.order.id, input.lang),
    callbackTimeoutMs: PAYME_CALLBACK_TIMEOUT_MS,
  };
  return {
    ok: true,
    request: {
      provider: "payme",
      url: buildPaymeCheckoutLink(link),
      form: buildPaymeCheckoutForm({
        ...link,
        description: t("payme.description", { number: input.order.number }),
        detail: buildFiscalDetail(items, input.outstanding),
      }),
    },
  };
}
