import { activeKey } from "../payme-settings";
import { findOrderContact, maskPhone, type CardPaymentsContext } from "./context";
import type { SavedCardView } from "./save-card";
import { savedCardsForOrder } from "./saved-cards";

/** What the card form needs before the shopper types anything. Nothing secret: no key, no token. */
export type CardFormState =
  | {
      available: true;
      /** Where the browser sends the card (Payme's Subscribe endpoint, or the sandbox's). */
      endpoint: string;
      /** The cashbox id: public, `X-Auth` of the card methods. */
      merchantId: string;
      /** The QA panel (hold confirm/cancel, refund) is shown in the sandbox only. */
      sandbox: boolean;
      /** The order has a phone, so a card can be saved for it. */
      canSave: boolean;
      /** The order's phone, masked, for "send me a link". */
      phone: string | null;
      savedCards: SavedCardView[];
    }
  | { available: false; sandbox: false };

export async function cardFormState(ctx: CardPaymentsContext, input: { orderId: string; deviceId: string | undefined }): Promise<CardFormState | undefined> {
  const order = await findOrderContact(ctx.sql, input.orderId);
  if (!order) return undefined;
  const settings = await ctx.settings();
  if (!settings.merchantId || !activeKey(settings)) return { available: false, sandbox: false };
  return {
    available: true,
    endpoint: ctx.endpoint(settings),
    merchantId: settings.merchantId,
    sandbox: settings.mode === "sandbox",
    canSave: order.phone !== null,
    phone: order.phone ? maskPhone(order.phone) : null,
    savedCards: await savedCardsForOrder(ctx, input),
  };
}
