"use client";

import { useMutation } from "@tanstack/react-query";
import { useT } from "@/lib/i18n/client";
import { Spinner } from "../ui/spinner";
import type { PaymeCardActions } from "./card-actions";
import { describeProblem, throwIfFailed } from "./card-problem";
import { cardMutationKey, type CardPanelReport } from "./card-panel-state";

/** "Text me a payment link": Payme sends the order's own phone a link to pay (receipts.send). */
export function PaymentLinkButton({
  orderId,
  phone,
  report,
  actions,
}: {
  orderId: string;
  phone: string;
  report: CardPanelReport;
  actions: Pick<PaymeCardActions, "sendPaymentLink">;
}) {
  const t = useT();
  const send = useMutation({
    mutationKey: cardMutationKey(orderId, "link"),
    mutationFn: async () => {
      const sent = await actions.sendPaymentLink({ orderId });
      throwIfFailed(sent);
      return sent.phone;
    },
    onMutate: () => report.clear(),
    onSuccess: (masked) => report.notice(t("card.linkSent", { phone: masked })),
    onError: (error) => report.problem(describeProblem(error), { focus: false }),
  });
  return (
    <button type="button" className="button--link" onClick={() => send.mutate()} disabled={send.isPending} data-testid="send-payment-link">
      {send.isPending ? (
        <>
          <Spinner /> {t("card.sendingLink")}
        </>
      ) : (
        t("card.sendLink", { phone })
      )}
    </button>
  );
}
