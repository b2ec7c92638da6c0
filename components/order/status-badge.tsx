"use client";

import { useT } from "@/lib/i18n/client";
import type { OrderStatus } from "@/lib/orders/order-status";

/** The translated status; `data-status` carries the raw value for tests and styling. */
export function StatusBadge({ status }: { status: OrderStatus }) {
  const t = useT();
  return (
    <span className={`status-badge status-badge--${status}`} data-testid="order-status" data-status={status}>
      {t(`order.status.${status}`)}
    </span>
  );
}
