"use client";

import { useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { useLocale } from "@/lib/i18n/client";
import type { Locale } from "@/lib/i18n/locales";
// A generic QR helper (no Payme code in it); it moves to components/ui with the UI map.
import { qrSvg } from "../payme/qr-svg";

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

/** `POST /api/orders/{id}/payments {provider: "click"}`: the pay link and its GET form. */
const clickRequest = z.object({
  provider: z.literal("click"),
  url: z.string().url(),
  form: z.object({ action: z.string().url(), method: z.literal("GET"), fields: z.record(z.string(), z.string()) }),
});
type ClickRequest = z.infer<typeof clickRequest>;

class ClickRequestError extends Error {
  constructor(readonly status: number) {
    super(`POST /api/orders/…/payments answered ${status}`);
  }
}

async function fetchClickRequest(orderId: string, lang: Locale): Promise<ClickRequest> {
  const response = await fetch(`/api/orders/${encodeURIComponent(orderId)}/payments`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ provider: "click", lang }),
    cache: "no-store",
  });
  if (!response.ok) throw new ClickRequestError(response.status);
  return clickRequest.parse(await response.json());
}

/**
 * How to pay an order on Click's `services/pay` page: a button (the GET form), and a QR code of
 * the same link. The data is the payments endpoint's, asked again when the amount due changes.
 */
export function ClickButtons({ orderId, outstandingAmount }: { orderId: string; /** Tiyin, decimal string. */ outstandingAmount: string }) {
  const locale = useLocale();
  const query = useQuery({
    queryKey: ["payment-request", "click", orderId, locale, outstandingAmount],
    queryFn: () => fetchClickRequest(orderId, locale),
    staleTime: 5 * 60_000,
    refetchOnWindowFocus: false,
    retry: (count, error) => !(error instanceof ClickRequestError && error.status < 500) && count < 2,
  });
  if (query.isPending) return <p className="muted" role="status">{text.loading[locale]}</p>;
  if (query.isError) {
    if (query.error instanceof ClickRequestError && query.error.status === 409) return <p className="notice">{text.notPayable[locale]}</p>;
    return (
      <div className="notice notice--warning" role="alert">
        <span>{text.error[locale]}</span>{" "}
        <button type="button" className="button--link" onClick={() => void query.refetch()}>
          {text.retry[locale]}
        </button>
      </div>
    );
  }
  const { form, url } = query.data;
  const qr = qrSvg(url);
  return (
    <div data-testid="click-options">
      <form method="GET" action={form.action} data-testid="click-form">
        {Object.entries(form.fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <button type="submit" className="button">
          {text.pay[locale]}
        </button>
      </form>
      <figure>
        <svg
          xmlns="http://www.w3.org/2000/svg"
          viewBox={`0 0 ${qr.size} ${qr.size}`}
          width={208}
          height={208}
          role="img"
          aria-label={text.qr[locale]}
          shapeRendering="crispEdges"
          data-testid="click-qr"
          data-value={url}
        >
          <rect width={qr.size} height={qr.size} fill="#ffffff" />
          <path d={qr.path} fill="#000000" />
        </svg>
        <figcaption className="muted small">{text.qrHint[locale]}</figcaption>
      </figure>
    </div>
  );
}
