"use client";

import { useLocale, useT } from "@/lib/i18n/client";
import type { OrderSnapshot } from "./order-snapshot";

/**
 * "The last payment attempt failed, and why" on the order page (issue 14 item 4), for an attempt
 * that started before this page was loaded (a reload during or after it, a return from a
 * provider's page). An attempt started on this page reports its own failure where it was made
 * (the card form), so it is not said twice. `loadedAt`: the server's time of the page (ms).
 */
export function LastFailureNotice({ failure, loadedAt }: { failure: OrderSnapshot["lastFailure"]; loadedAt: number }) {
  const t = useT();
  const locale = useLocale();
  if (!failure || Date.parse(failure.at) > loadedAt) return null;
  return (
    <div className="notice notice--warning" role="status" data-testid="last-failure">
      <p>
        <strong>{t("order.lastFailure.title")}</strong>
      </p>
      <p data-testid="last-failure-reason">{failure.message[locale]}</p>
      <p className="small">{t("order.lastFailure.again")}</p>
    </div>
  );
}
