"use client";

import type { PaymeCardActions } from "./card-actions";
import type { CardPanelReport } from "./card-panel-state";
import { CardStep } from "./card-step";
import { CodeStep } from "./code-step";
import { useNewCardForm } from "./use-new-card-form";

/**
 * A new card, in two steps. Card number, expiry and SMS code go from the browser straight to
 * Payme's Subscribe endpoint (cross-origin, `X-Auth: {cashbox id}`); our server actions get only
 * Payme's token, the order id and — when the card is to be saved — the PIN. None of the inputs
 * has a `name` and no form has an `action`: nothing here can ever be submitted to our origin.
 */
export function NewCardForm({
  orderId,
  endpoint,
  merchantId,
  canSave,
  payLabel,
  hold,
  report,
  actions,
}: {
  orderId: string;
  endpoint: string;
  merchantId: string;
  canSave: boolean;
  /** "Pay 1 250 000 сум" or "Hold …". */
  payLabel: string;
  hold: boolean;
  report: CardPanelReport;
  actions: Pick<PaymeCardActions, "startCardPayment" | "payWithCard">;
}) {
  const form = useNewCardForm({ orderId, endpoint, merchantId, canSave, hold, report, actions });
  const { step } = form.state;
  return step ? (
    <CodeStep orderId={orderId} step={step} payLabel={payLabel} form={form} />
  ) : (
    <CardStep orderId={orderId} canSave={canSave} form={form} />
  );
}
