import type { ReceiptFailure, ReceiptResult } from "@/lib/payments/payme/receipts/outcome";
import type { CardFormState } from "@/lib/payments/payme/saved-cards/card-form-state";
import type { CardFailure } from "@/lib/payments/payme/saved-cards/outcome";
import type { CardPaymentResult } from "@/lib/payments/payme/saved-cards/pay-with-new-card";
import type { SavedCardView } from "@/lib/payments/payme/saved-cards/save-card";

/**
 * The server actions the card form calls (lib/payments/payme/saved-cards/shopper-actions.ts),
 * passed down as props by the order page: client components import no server code. Each answers `{ok: true, …} | {ok: false, error}`.
 */
export type PaymeCardActions = {
  loadCardForm(input: { orderId: string }): Promise<{ ok: true; state: CardFormState } | ReceiptFailure>;
  startCardPayment(input: { orderId: string; hold?: boolean }): Promise<ReceiptResult | CardFailure>;
  payWithCard(input: { orderId: string; receiptId: string; token: string; save?: { pin: string } }): Promise<CardPaymentResult>;
  payWithSavedCard(input: { orderId: string; cardId: string; pin: string; hold?: boolean }): Promise<CardPaymentResult>;
  removeSavedCard(input: { orderId: string; cardId: string }): Promise<{ ok: true; removed: SavedCardView } | CardFailure | ReceiptFailure>;
  sendPaymentLink(input: { orderId: string }): Promise<{ ok: true; phone: string } | CardFailure | ReceiptFailure>;
  sandboxReceiptAction(input: { orderId: string; action: "confirm_hold" | "cancel_hold" | "refund" }): Promise<ReceiptResult | CardFailure>;
};
