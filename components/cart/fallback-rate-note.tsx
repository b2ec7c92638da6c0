"use client";

import { useLocale, useT } from "@/lib/i18n/client";
import { formatDate } from "@/lib/i18n/format";

/**
 * Under a cart or checkout sum: part of it was converted at the offline fallback rate of `date`
 * (ISO, YYYY-MM-DD) because the CBU's rate was unavailable, as the catalog says beside each
 * price. Nothing when `date` is null.
 */
export function FallbackRateNote({ date }: { date: string | null }) {
  const t = useT();
  const locale = useLocale();
  if (date === null) return null;
  return (
    <p className="small" data-testid="fallback-rate">
      {t("cart.fallbackRate", { date: formatDate(date, locale) })}
    </p>
  );
}
