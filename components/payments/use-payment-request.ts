"use client";

import { useQuery } from "@tanstack/react-query";
import { useLocale } from "@/lib/i18n/client";
import type { Provider } from "@/lib/payments/providers";
import { fetchPaymentRequest, PaymentRequestError } from "./payment-request-client";

/**
 * The order's hosted-checkout request from `provider` (`POST /api/orders/{id}/payments`), as
 * every provider's buttons ask for it: again when the amount due (tiyin, decimal string) or the
 * language changes, kept five minutes, retried twice on a server error and never on a refusal.
 */
export function usePaymentRequest(provider: Provider, orderId: string, outstandingAmount: string) {
  const locale = useLocale();
  return useQuery({
    queryKey: ["payment-request", provider, orderId, locale, outstandingAmount],
    queryFn: () => fetchPaymentRequest(orderId, provider, locale),
    staleTime: 5 * 60_000,
    refetchOnWindowFocus: false,
    retry: (count, error) => !(error instanceof PaymentRequestError && error.status < 500) && count < 2,
  });
}
