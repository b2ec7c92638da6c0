"use client";

import { useLocale } from "@/lib/i18n/client";
import type { Locale } from "@/lib/i18n/locales";
import { returnOutcomeMessages } from "@/lib/payments/robokassa/messages";
import { HostedForm } from "../payments/hosted-form";
import { PaymentRequestError } from "../payments/payment-request-client";
import { RetryNotice } from "../payments/retry-notice";
import { usePaymentRequest } from "../payments/use-payment-request";

/** The button's own texts (ru/uz/en); Robokassa's page itself speaks ru or en. */
const texts: Record<"pay" | "link" | "loading" | "error" | "retry" | "note" | "rate", Record<Locale, string>> = {
  pay: { ru: "Оплатить через Robokassa", uz: "Robokassa orqali to'lash", en: "Pay with Robokassa" },
  link: { ru: "Ссылка на оплату", uz: "To'lov havolasi", en: "Payment link" },
  loading: { ru: "Готовим счёт Robokassa…", uz: "Robokassa hisobi tayyorlanmoqda…", en: "Preparing the Robokassa invoice…" },
  error: { ru: "Не удалось подготовить оплату через Robokassa.", uz: "Robokassa orqali to'lovni tayyorlab bo'lmadi.", en: "Could not prepare the Robokassa payment." },
  retry: { ru: "Повторить", uz: "Qayta urinish", en: "Try again" },
  note: {
    ru: "Сумма в рублях по курсу ЦБ Узбекистана; счёт действует один час.",
    uz: "Summa O'zbekiston Markaziy banki kursi bo'yicha rublda; hisob bir soat amal qiladi.",
    en: "The amount is in roubles at the Central Bank of Uzbekistan's rate; the invoice is valid for one hour.",
  },
  rate: {
    ru: "Курс ЦБ сейчас недоступен — оплата через Robokassa временно невозможна.",
    uz: "Markaziy bank kursi hozir mavjud emas — Robokassa orqali to'lov vaqtincha imkonsiz.",
    en: "The Central Bank's rate is unavailable right now — paying with Robokassa is not possible at the moment.",
  },
};

/**
 * The order page's Robokassa button: the signed POST form (and the same link) from
 * `POST /api/orders/{id}/payments {provider: "robokassa"}`, asked again when the amount due or the
 * language changes (a new amount is a new InvId). Card data goes to Robokassa's page only.
 */
export function RobokassaButton({ orderId, outstandingAmount }: { orderId: string; /** Tiyin, decimal string. */ outstandingAmount: string }) {
  const locale = useLocale();
  const query = usePaymentRequest("robokassa", orderId, outstandingAmount);
  if (query.isPending) {
    return (
      <p className="muted" role="status">
        {texts.loading[locale]}
      </p>
    );
  }
  if (query.isError) {
    const rate = query.error instanceof PaymentRequestError && query.error.reason === "rate_unavailable";
    return (
      <RetryNotice
        message={rate ? texts.rate[locale] : texts.error[locale]}
        retryLabel={texts.retry[locale]}
        onRetry={rate ? undefined : () => void query.refetch()}
      />
    );
  }
  const { form, url } = query.data;
  return (
    <div data-testid="robokassa-options">
      <HostedForm form={form} testId="robokassa-form">
        <button type="submit" className="button">
          {texts.pay[locale]}
        </button>
      </HostedForm>
      <a href={url} rel="noopener" data-testid="robokassa-link">
        {texts.link[locale]}
      </a>
      <p className="muted small">{texts.note[locale]}</p>
    </div>
  );
}

/**
 * The note after a refusal on Robokassa's page (`?robokassa=failed` from FailURL). A Success
 * return needs none here: the order page's own "being confirmed" notice (the provider's
 * `confirmationPending`) shows until ResultURL comes.
 */
export function RobokassaReturnNotice({ outcome }: { outcome: string | null | undefined }) {
  const locale = useLocale();
  if (outcome !== "failed") return null;
  return (
    <p className="notice notice--warning" role="status" data-testid="robokassa-return">
      {returnOutcomeMessages.failed[locale]}
    </p>
  );
}
