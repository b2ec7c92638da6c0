import { z } from "zod";
import type { Db } from "../../db";
import { deriveOrderStatus, orderStatuses, overpaidAmount, type OrderStatus } from "../../orders/order-status";
import { paymentProviders } from "../../payments/registry";

export const ORDERS_PAGE_SIZE = 25;
/** The list's "paid through" filter: every provider of the registry, and 1C (payments it reports). */
export const orderProviders = [...paymentProviders.map((provider) => provider.id), "1c"] as const;

/** Each provider's Order relations holding its attempts (registry `orderRelations`). */
const attemptRelations = paymentProviders.flatMap((provider) => (provider.orderRelations ?? []).map((relation) => ({ provider: provider.id as string, relation })));

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)));

/** The list's query string; anything unexpected is dropped rather than failing the page. */
export const orderFiltersSchema = z.object({
  status: z.enum(orderStatuses).optional().catch(undefined),
  provider: z.enum(orderProviders as unknown as [string, ...string[]]).optional().catch(undefined),
  from: isoDay.optional().catch(undefined),
  to: isoDay.optional().catch(undefined),
  q: z
    .string()
    .trim()
    .max(40)
    .optional()
    .catch(undefined)
    .transform((value) => value || undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
  /** "1": show the Payme tester's test orders too (hidden by default). */
  test: z.enum(["1"]).optional().catch(undefined),
});
export type OrderFilters = z.infer<typeof orderFiltersSchema>;

export function parseOrderFilters(params: Record<string, string | string[] | undefined>): OrderFilters {
  const flat = Object.fromEntries(Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
  return orderFiltersSchema.parse(flat);
}

/** Order days are read in Tashkent time (UTC+5, no daylight saving): the merchant's calendar. */
export const TASHKENT_OFFSET_MS = 5 * 60 * 60_000;
function dayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - TASHKENT_OFFSET_MS);
}

function whereOf(filters: OrderFilters) {
  const and: object[] = [];
  if (!filters.test) and.push({ isTest: false });
  if (filters.status) and.push({ status: filters.status });
  if (filters.provider) {
    const anyOf: object[] = [{ ledger: { some: { provider: filters.provider } } }, { reservation: { provider: filters.provider } }];
    for (const { relation } of attemptRelations.filter((entry) => entry.provider === filters.provider)) anyOf.push({ [relation]: { some: {} } });
    and.push({ OR: anyOf });
  }
  if (filters.from) and.push({ createdAt: { gte: dayStart(filters.from) } });
  if (filters.to) and.push({ createdAt: { lt: new Date(dayStart(filters.to).getTime() + 86_400_000) } });
  if (filters.q) {
    const q = filters.q.replace(/^№|^#/, "");
    const digits = q.replace(/[^\d]/g, "");
    const anyOf: object[] = [];
    if (/^\d{1,9}$/.test(q)) anyOf.push({ number: Number(q) });
    if (digits.length >= 4) anyOf.push({ customerPhone: { contains: digits } });
    if (anyOf.length === 0) anyOf.push({ number: -1 });
    and.push({ OR: anyOf });
  }
  return and.length ? { AND: and } : {};
}

export type OrderListRow = {
  number: number;
  id: string;
  createdAt: Date;
  status: OrderStatus;
  amount: bigint;
  paidAmount: bigint;
  refundedAmount: bigint;
  overpaid: bigint;
  customerPhone: string | null;
  customerName: string | null;
  providers: string[];
  fulfilled: boolean;
  /** Created by the Payme tester. */
  isTest: boolean;
};

export async function listOrders(db: Db, filters: OrderFilters, nowMs: number = Date.now()) {
  const where = whereOf(filters);
  const [total, orders] = await Promise.all([
    db.order.count({ where }),
    db.order.findMany({
      where,
      orderBy: { number: "desc" },
      skip: (filters.page - 1) * ORDERS_PAGE_SIZE,
      take: ORDERS_PAGE_SIZE,
      include: {
        reservation: true,
        ledger: { select: { provider: true } },
        // One row of each attempt relation is enough to name its provider.
        ...Object.fromEntries(attemptRelations.map(({ relation }) => [relation, { take: 1 }])),
      },
    }),
  ]);
  const rows: OrderListRow[] = orders.map((order) => {
    const providers = new Set(order.ledger.map((entry) => entry.provider));
    const related = order as unknown as Record<string, unknown[] | undefined>;
    for (const { provider, relation } of attemptRelations) if (related[relation]?.length) providers.add(provider);
    if (order.reservation) providers.add(order.reservation.provider);
    return {
      number: order.number,
      id: order.id,
      createdAt: order.createdAt,
      status: deriveOrderStatus(order, nowMs),
      amount: order.amount,
      paidAmount: order.paidAmount,
      refundedAmount: order.refundedAmount,
      overpaid: overpaidAmount(order),
      customerPhone: order.customerPhone,
      customerName: order.customerName,
      providers: [...providers].sort(),
      fulfilled: order.fulfilledAt !== null,
      isTest: order.isTest,
    };
  });
  return { rows, total, page: filters.page, pages: Math.max(1, Math.ceil(total / ORDERS_PAGE_SIZE)) };
}
