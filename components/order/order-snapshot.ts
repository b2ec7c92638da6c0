import { z } from "zod";
import { currencySchema } from "@/lib/money/money";
import { orderStatuses, type OrderStatus } from "@/lib/orders/order-status";

const minorUnits = z.string().regex(/^-?\d+$/, "expected an integer amount string");

/** The part of `GET /api/orders/{id}` the order page shows, checked as it arrives. */
export const orderSnapshotSchema = z.object({
  id: z.string().min(1),
  number: z.string().min(1),
  status: z.enum(orderStatuses),
  payable: z.boolean(),
  notPayableReason: z.string().nullable(),
  amount: minorUnits,
  paidAmount: minorUnits,
  outstandingAmount: minorUnits,
  currency: currencySchema,
  /**
   * A payment made on a provider's page whose notice has not come: until `until` (ISO time) the
   * page says it is being confirmed and offers no way to pay.
   */
  confirmation: z.object({ provider: z.string(), until: z.string().datetime() }).nullable().default(null),
  /**
   * Why the last payment attempt failed (lib/payments/last-failure.ts), while the order is
   * payable: `at` ISO time, the reason in every shopper language.
   */
  lastFailure: z
    .object({ provider: z.string(), at: z.string().datetime(), message: z.object({ ru: z.string(), uz: z.string(), en: z.string() }) })
    .nullable()
    .default(null),
  /** Links to the fiscal receipts of the payment (Payme's SetFiscalData `qr_code_url`). */
  fiscalReceipts: z.array(z.string().url()).default([]),
  items: z.array(
    z.object({
      sku: z.string(),
      title: z.string(),
      quantity: z.number().int(),
      unitPrice: minorUnits,
      total: minorUnits,
    }),
  ),
});
export type OrderSnapshot = z.infer<typeof orderSnapshotSchema>;

/** Nothing changes after these by itself: polling stops. */
const finalStatuses: ReadonlySet<OrderStatus> = new Set<OrderStatus>(["paid", "refunded", "cancelled"]);

export function isFinalStatus(status: OrderStatus | undefined): boolean {
  return status !== undefined && finalStatuses.has(status);
}

export const ORDER_POLL_INTERVAL_MS = 3_000;

export async function fetchOrderSnapshot(id: string): Promise<OrderSnapshot> {
  const response = await fetch(`/api/orders/${encodeURIComponent(id)}`, {
    headers: { accept: "application/json" },
    cache: "no-store",
  });
  if (!response.ok) throw new Error(`GET /api/orders/${id} answered ${response.status}`);
  return orderSnapshotSchema.parse(await response.json());
}
