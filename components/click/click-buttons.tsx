"use client";

import dynamic from "next/dynamic";
import { useLocale } from "@/lib/i18n/client";
import { clickT } from "@/lib/payments/click/messages";
import { HostedForm } from "../payments/hosted-form";
import { PaymentRequestError } from "../payments/payment-request-client";
import { QrOnRequest } from "../payments/qr-on-request";
import { RetryNotice } from "../payments/retry-notice";
import { usePaymentRequest } from "../payments/use-payment-request";
import { LazyQrCode as QrCode } from "../ui/lazy-qr-code";

// Shown once the payment request has arrived: loaded then, not with the page (issue 15 §4).
const ClickPayByPhone = dynamic(() => import("./click-pay-by-phone").then((module) => module.ClickPayByPhone));

/**
 * How to pay an order on Click's `services/pay` page: a button (the GET form), and a QR code of
 * the same link (on wide screens, or on request). The data is the payments endpoint's, asked
 * again when the amount due changes.
 */
export function ClickButtons({ orderId, outstandingAmount }: { orderId: string; /** Tiyin, decimal string. */ outstandingAmount: string }) {
  const locale = useLocale();
  const query = usePaymentRequest("click", orderId, outstandingAmount);
  if (query.isPending) return <p className="muted" role="status">{clickT(locale, "pay.loading")}</p>;
  if (query.isError) {
    if (query.error instanceof PaymentRequestError && query.error.status === 409) return <p className="notice">{clickT(locale, "pay.notPayable")}</p>;
    return <RetryNotice message={clickT(locale, "pay.error")} retryLabel={clickT(locale, "pay.retry")} onRetry={() => void query.refetch()} />;
  }
  const { form, url } = query.data;
  return (
    <div data-testid="click-options">
      <HostedForm form={form} testId="click-form">
        <button type="submit" className="button">
          {clickT(locale, "pay.button")}
        </button>
      </HostedForm>
      <ClickPayByPhone orderId={orderId} />
      <QrOnRequest>
        <figure>
          <QrCode value={url} title={clickT(locale, "pay.qr")} testId="click-qr" />
          <figcaption className="muted small">{clickT(locale, "pay.qrHint")}</figcaption>
        </figure>
      </QrOnRequest>
    </div>
  );
}
