"use client";

import { useLocale } from "@/lib/i18n/client";
import type { Locale } from "@/lib/i18n/locales";
import { HostedForm } from "../payments/hosted-form";
import { PaymentRequestError } from "../payments/payment-request-client";
import { RetryNotice } from "../payments/retry-notice";
import { usePaymentRequest } from "../payments/use-payment-request";
import { QrCode } from "../ui/qr-code";

/** Click's texts for the shopper (ru default, uz, en). */
const text = {
  pay: { ru: "Оплатить через Click", uz: "Click orqali to'lash", en: "Pay with Click" },
  loading: { ru: "Готовим ссылку Click…", uz: "Click havolasi tayyorlanmoqda…", en: "Preparing the Click link…" },
  error: { ru: "Не удалось получить ссылку Click.", uz: "Click havolasini olib bo'lmadi.", en: "Could not get the Click link." },
  retry: { ru: "Повторить", uz: "Qayta urinish", en: "Try again" },
  qr: { ru: "QR-код для оплаты в приложении Click", uz: "Click ilovasida to'lash uchun QR-kod", en: "QR code to pay in the Click app" },
  qrHint: { ru: "Отсканируйте камерой телефона", uz: "Telefon kamerasi bilan skanerlang", en: "Scan it with your phone's camera" },
  notPayable: { ru: "Заказ сейчас нельзя оплатить.", uz: "Buyurtmani hozir to'lab bo'lmaydi.", en: "The order cannot be paid now." },
} satisfies Record<string, Record<Locale, string>>;

/**
 * How to pay an order on Click's `services/pay` page: a button (the GET form), and a QR code of
 * the same link. The data is the payments endpoint's, asked again when the amount due changes.
 */
export function ClickButtons({ orderId, outstandingAmount }: { orderId: string; /** Tiyin, decimal string. */ outstandingAmount: string }) {
  const locale = useLocale();
  const query = usePaymentRequest("click", orderId, outstandingAmount);
  if (query.isPending) return <p className="muted" role="status">{text.loading[locale]}</p>;
  if (query.isError) {
    if (query.error instanceof PaymentRequestError && query.error.status === 409) return <p className="notice">{text.notPayable[locale]}</p>;
    return <RetryNotice message={text.error[locale]} retryLabel={text.retry[locale]} onRetry={() => void query.refetch()} />;
  }
  const { form, url } = query.data;
  return (
    <div data-testid="click-options">
      <HostedForm form={form} testId="click-form">
        <button type="submit" className="button">
          {text.pay[locale]}
        </button>
      </HostedForm>
      <figure>
        <QrCode value={url} title={text.qr[locale]} testId="click-qr" />
        <figcaption className="muted small">{text.qrHint[locale]}</figcaption>
      </figure>
    </div>
  );
}
