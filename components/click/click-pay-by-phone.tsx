"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { z } from "zod";
import { useLocale } from "@/lib/i18n/client";
import type { Locale } from "@/lib/i18n/locales";
import { clickT } from "@/lib/payments/click/messages";
import { Spinner } from "../ui/spinner";

/** `POST /api/click/invoice` (app/api/click/invoice/route.ts). */
const created = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), invoice: z.string(), phone: z.string(), expiresAt: z.string() }),
  z.object({ ok: z.literal(false), reason: z.string(), retryAfterSeconds: z.number().optional(), code: z.number().optional() }),
]);
/** `GET /api/click/invoice/status`. */
const status = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), state: z.enum(["pending", "paid", "rejected", "expired", "unknown"]), orderPaid: z.boolean() }),
  z.object({ ok: z.literal(false), reason: z.string() }),
]);
type Created = Extract<z.infer<typeof created>, { ok: true }>;

/** How often the invoice's status is asked while the shopper confirms in the app. */
const INVOICE_POLL_MS = 3_000;

class PayByPhoneError extends Error {
  constructor(readonly text: string) {
    super(text);
  }
}

function failureText(locale: Locale, failure: { reason: string; retryAfterSeconds?: number; code?: number }): string {
  switch (failure.reason) {
    case "no_phone":
      return clickT(locale, "phone.noPhone");
    case "too_soon":
      return clickT(locale, "phone.tooSoon", { seconds: failure.retryAfterSeconds ?? 60 });
    case "not_payable":
      return clickT(locale, "phone.notPayable");
    case "not_configured":
      return clickT(locale, "phone.notConfigured");
    case "click_refused":
      return clickT(locale, "phone.clickRefused", { code: failure.code ?? "—" });
    case "unavailable":
      return clickT(locale, "phone.unavailable");
    default:
      return clickT(locale, "phone.invalid");
  }
}

async function createInvoice(orderId: string, locale: Locale): Promise<Created> {
  let response: Response;
  try {
    response = await fetch("/api/click/invoice", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ orderId }),
      cache: "no-store",
    });
  } catch {
    throw new PayByPhoneError(clickT(locale, "phone.unavailable"));
  }
  const parsed = created.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new PayByPhoneError(clickT(locale, response.status === 429 ? "phone.tooSoon" : "phone.unavailable", { seconds: 60 }));
  if (!parsed.data.ok) throw new PayByPhoneError(failureText(locale, parsed.data));
  return parsed.data;
}

async function invoiceStatus(orderId: string, invoice: string) {
  const query = new URLSearchParams({ orderId, invoice });
  const response = await fetch(`/api/click/invoice/status?${query}`, { cache: "no-store", headers: { accept: "application/json" } });
  const parsed = status.safeParse(await response.json().catch(() => null));
  if (!parsed.success || !parsed.data.ok) return { state: "unknown" as const, orderPaid: false };
  return parsed.data;
}

/**
 * Pay by phone (issue 11 §3): one button sends a Click invoice to the order's own phone (the
 * server picks the number; the browser sends only the order id), then "confirm in the Click app"
 * while the invoice's status is polled; when it is paid the order's own query is refreshed, so
 * its status changes at once. A rejected or expired invoice says so and offers a new one.
 */
export function ClickPayByPhone({ orderId }: { orderId: string }) {
  const locale = useLocale();
  const queryClient = useQueryClient();
  const [invoice, setInvoice] = useState<Created | null>(null);
  const send = useMutation({
    mutationFn: () => createInvoice(orderId, locale),
    onSuccess: (data) => setInvoice(data),
  });
  const poll = useQuery({
    queryKey: ["click-invoice", orderId, invoice?.invoice],
    queryFn: () => invoiceStatus(orderId, invoice!.invoice),
    enabled: invoice !== null,
    refetchInterval: (query) => {
      const state = query.state.data?.state;
      return state === "rejected" || state === "expired" || query.state.data?.orderPaid ? false : INVOICE_POLL_MS;
    },
    refetchOnWindowFocus: true,
    retry: false,
  });
  const state = poll.data?.state;
  const settled = poll.data?.orderPaid === true || state === "paid";
  useEffect(() => {
    // The callbacks have (or are about to have) recorded the payment: refresh the order now.
    if (settled) void queryClient.invalidateQueries({ queryKey: ["order", orderId] });
  }, [settled, orderId, queryClient]);

  const ended = state === "rejected" || state === "expired";
  if (invoice && !ended) {
    return (
      <div className="notice" role="status" aria-live="polite" data-testid="click-phone-status" data-state={settled ? "paid" : (state ?? "pending")}>
        {settled ? (
          <span>{clickT(locale, "phone.paid")}</span>
        ) : (
          <>
            <p>{clickT(locale, "phone.confirm", { phone: invoice.phone })}</p>
            <p className="muted small">
              <Spinner /> {state === "unknown" ? clickT(locale, "phone.statusUnknown") : clickT(locale, "phone.waiting")}
            </p>
          </>
        )}
      </div>
    );
  }
  return (
    <div data-testid="click-phone">
      {ended && (
        <p className="notice notice--warning" role="alert" data-testid="click-phone-ended" data-state={state}>
          {clickT(locale, state === "rejected" ? "phone.rejected" : "phone.expired")}
        </p>
      )}
      <button
        type="button"
        className="button"
        disabled={send.isPending}
        aria-busy={send.isPending}
        onClick={() => {
          setInvoice(null);
          send.mutate();
        }}
        data-testid="click-phone-send"
      >
        {send.isPending ? (
          <>
            <Spinner /> {clickT(locale, "phone.sending")}
          </>
        ) : ended ? (
          clickT(locale, "phone.again")
        ) : (
          clickT(locale, "phone.button")
        )}
      </button>
      {send.isError && (
        <p className="notice notice--warning" role="alert" data-testid="click-phone-error">
          {send.error instanceof PayByPhoneError ? send.error.text : clickT(locale, "phone.unavailable")}
        </p>
      )}
    </div>
  );
}
