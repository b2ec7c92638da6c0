// The card form's server side for Next.js code (server actions): saved cards, card payments,
// payment links and the sandbox's QA actions, bound to this process's database and settings.
// Marked `server-only`: APP_SECRET and the cashbox key must never reach a client bundle. Tests
// import the files beside this one with their own context.
import "server-only";
import { env } from "../../../env";
import { receiptsContext } from "../receipts/service";
import { cardFormState } from "./card-form-state";
import type { CardPaymentsContext } from "./context";
import { payWithNewCard, startCardPayment, type PayerContext } from "./pay-with-new-card";
import { payWithSavedCard } from "./pay-with-saved-card";
import { sandboxReceiptAction } from "./sandbox-qa";
import { removeSavedCard } from "./saved-cards";
import { sendPaymentLink } from "./send-payment-link";

export type { CardFormState } from "./card-form-state";
export type { CardError, CardErrorCode, CardFailure } from "./outcome";
export type { CardPaymentResult, CardPaymentSuccess, PayerContext } from "./pay-with-new-card";
export type { SavedCardView } from "./save-card";
export { DEVICE_COOKIE, deviceCookie, newDeviceId, parseDeviceId } from "./device-id";

function context(): CardPaymentsContext {
  const appSecret = env().APP_SECRET;
  if (!appSecret) throw new Error("APP_SECRET is not set: start the store with npm start");
  return { ...receiptsContext(), appSecret };
}

export const loadCardFormState = (orderId: string, deviceId: string | undefined) => cardFormState(context(), { orderId, deviceId });
export const createCardReceipt = (input: Parameters<typeof startCardPayment>[1]) => startCardPayment(context(), input);
export const payOrderWithNewCard = (input: Parameters<typeof payWithNewCard>[1], payer: PayerContext) => payWithNewCard(context(), input, payer);
export const payOrderWithSavedCard = (input: Parameters<typeof payWithSavedCard>[1], payer: PayerContext) => payWithSavedCard(context(), input, payer);
export const removeShopperCard = (input: Parameters<typeof removeSavedCard>[1], deviceId: string | undefined) => removeSavedCard(context(), input, deviceId);
export const sendOrderPaymentLink = (input: Parameters<typeof sendPaymentLink>[1]) => sendPaymentLink(context(), input);
export const runSandboxReceiptAction = (input: Parameters<typeof sandboxReceiptAction>[1]) => sandboxReceiptAction(context(), input);
/** Payme's settings of this process (the payer IP's trusted proxies, the mode). */
export const paymeSettingsNow = () => receiptsContext().settings();
