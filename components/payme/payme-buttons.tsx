"use client";

import Script from "next/script";
import { memo, useRef } from "react";
import { useT } from "@/lib/i18n/client";
import { HostedForm } from "../payments/hosted-form";
import { notPayableMessage } from "../payments/not-payable-reasons";
import { QrOnRequest } from "../payments/qr-on-request";
import { RetryNotice } from "../payments/retry-notice";
import { PaymentRequestError, type PaymentRequestData } from "../payments/payment-request-client";
import { usePaymentRequest } from "../payments/use-payment-request";
import { LazyQrCode as QrCode } from "../ui/lazy-qr-code";
import { Spinner } from "../ui/spinner";
import styles from "./payme-buttons.module.css";

/** Payme's own button script: offered only on request, never loaded by default (DESIGN: nothing from CDNs). */
export const PAYME_SCRIPT_URL = "https://cdn.paycom.uz/integration/js/checkout.min.js";

const Qr = memo(QrCode);

/**
 * How to pay an order on Payme's hosted checkout: a POST form button, the GET link, and a QR
 * code of that link drawn by us (on wide screens, or on request). The data comes from
 * `POST /api/orders/{id}/payments`, as for headless clients; it is asked again when the amount
 * due or the language changes.
 */
export function PaymeButtons({
  orderId,
  outstandingAmount,
  officialScript = false,
}: {
  orderId: string;
  /** Tiyin, as a decimal string: a part payment changes what Payme is asked for. */
  outstandingAmount: string;
  /** Opt-in: also render Payme's own button with its checkout.min.js. */
  officialScript?: boolean;
}) {
  const t = useT();
  const query = usePaymentRequest("payme", orderId, outstandingAmount);

  if (query.isPending) {
    return (
      <p className="muted" role="status">
        <Spinner /> {t("payme.loading")}
      </p>
    );
  }
  if (query.isError) {
    const reason = query.error instanceof PaymentRequestError ? query.error.reason : undefined;
    const message = notPayableMessage(reason);
    if (message) return <p className="notice">{t(message)}</p>;
    return <RetryNotice message={t("payme.error")} retryLabel={t("payme.retry")} onRetry={() => void query.refetch()} />;
  }
  return <PaymeOptions request={query.data} officialScript={officialScript} />;
}

/** The buttons and the QR code for a payment request already in hand. */
export function PaymeOptions({ request, officialScript = false }: { request: PaymentRequestData; officialScript?: boolean }) {
  const t = useT();
  const { form, url } = request;
  return (
    <div className={styles.root} data-testid="payme-options">
      <HostedForm form={form} className={styles.form} testId="payme-form">
        <button type="submit" className={`button ${styles.pay}`}>
          {t("payme.pay")}
        </button>
      </HostedForm>
      <a href={url} className={`button ${styles.link}`} data-testid="payme-link" rel="noopener">
        {t("payme.link")}
      </a>
      <QrOnRequest>
        <figure className={styles.qr}>
          <Qr value={url} title={t("payme.qrTitle")} testId="payme-qr" />
          <figcaption className={styles.caption}>{t("payme.qrHint")}</figcaption>
        </figure>
      </QrOnRequest>
      <p className="muted small">{t("payme.note")}</p>
      {officialScript ? <PaymeOfficialButton form={form} /> : null}
    </div>
  );
}

type PaycomGlobal = { Button: (form: HTMLFormElement, container: HTMLElement) => void };

/** Payme's own "Pay with Payme" button (checkout.min.js), for merchants who ask for it. */
function PaymeOfficialButton({ form }: { form: PaymentRequestData["form"] }) {
  const formRef = useRef<HTMLFormElement>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  return (
    <form ref={formRef} method={form.method} action={form.action}>
      {Object.entries(form.fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <input type="hidden" name="button" data-type="svg" value="colored" />
      <div ref={containerRef} className={styles.official} />
      <Script
        src={PAYME_SCRIPT_URL}
        strategy="lazyOnload"
        onLoad={() => {
          const paycom = (window as unknown as { Paycom?: PaycomGlobal }).Paycom;
          if (paycom && formRef.current && containerRef.current) paycom.Button(formRef.current, containerRef.current);
        }}
      />
    </form>
  );
}
