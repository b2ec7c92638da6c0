import { z } from "zod";
import type { Locale } from "@/lib/i18n/locales";
import type { Provider } from "@/lib/payments/providers";

/** `POST /api/orders/{id}/payments` answer, checked as it arrives. */
export const paymentRequestSchema = z.object({
  provider: z.string(),
  url: z.string().url(),
  form: z.object({
    action: z.string().url(),
    method: z.enum(["POST", "GET"]),
    fields: z.record(z.string(), z.string()),
  }),
});
export type PaymentRequestData = z.infer<typeof paymentRequestSchema>;

/** The endpoint refused: `reason` is set when the order is not payable (409). */
export class PaymentRequestError extends Error {
  constructor(
    readonly status: number,
    readonly reason?: string,
  ) {
    super(`POST /api/orders/…/payments answered ${status}`);
    this.name = "PaymentRequestError";
  }
}

const errorBody = z.object({ error: z.object({ code: z.string(), reason: z.string().optional() }) });

export async function fetchPaymentRequest(orderId: string, provider: Provider, lang: Locale): Promise<PaymentRequestData> {
  const response = await fetch(`/api/orders/${encodeURIComponent(orderId)}/payments`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ provider, lang }),
    cache: "no-store",
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw new PaymentRequestError(response.status, errorBody.safeParse(body).data?.error.reason);
  return paymentRequestSchema.parse(body);
}
