"use client";

import { useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { useLocale } from "@/lib/i18n/client";
import type { Locale } from "@/lib/i18n/locales";
import { clickT } from "@/lib/payments/click/messages";
// A generic QR helper (no Payme code in it); it moves to components/ui with the UI map.
import { qrSvg } from "../payme/qr-svg";
import { ClickPayByPhone } from "./click-pay-by-phone";

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
  if (query.isPending) return <p className="muted" role="status">{clickT(locale, "pay.loading")}</p>;
  if (query.isError) {
    if (query.error instanceof ClickRequestError && query.error.status === 409) return <p className="notice">{clickT(locale, "pay.notPayable")}</p>;
    return (
      <div className="notice notice--warning" role="alert">
        <span>{clickT(locale, "pay.error")}</span>{" "}
        <button type="button" className="button--link" onClick={() => void query.refetch()}>
          {clickT(locale, "pay.retry")}
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
          {clickT(locale, "pay.button")}
        </button>
      </form>
      <ClickPayByPhone orderId={orderId} />
      <figure>
        <svg
          xmlns="http://www.w3.org/2000/svg"
          viewBox={`0 0 ${qr.size} ${qr.size}`}
          width={208}
          height={208}
          role="img"
          aria-label={clickT(locale, "pay.qr")}
          shapeRendering="crispEdges"
          data-testid="click-qr"
          data-value={url}
        >
          <rect width={qr.size} height={qr.size} fill="#ffffff" />
          <path d={qr.path} fill="#000000" />
        </svg>
        <figcaption className="muted small">{clickT(locale, "pay.qrHint")}</figcaption>
      </figure>
    </div>
  );
}
