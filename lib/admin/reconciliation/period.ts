import { z } from "zod";
import { TASHKENT_OFFSET_MS } from "../orders/list-orders";
import type { Provider } from "../../payments/registry";
import { reconcilableProviders } from "./sources";
import type { Period } from "./types";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)));

/** The reconciliation's query (`?provider=payme&from=2026-11-01&to=2026-11-30`, days in Tashkent time, inclusive). */
export const reconciliationQuery = z
  .object({ provider: z.enum(reconcilableProviders as readonly [Provider, ...Provider[]]), from: day, to: day })
  .refine((value) => value.from <= value.to, { message: "from must not be after to", path: ["to"] })
  .refine((value) => Date.parse(value.to) - Date.parse(value.from) <= 366 * 86_400_000, { message: "at most a year", path: ["to"] });
export type ReconciliationQuery = z.infer<typeof reconciliationQuery>;

export function periodOf(query: ReconciliationQuery): Period {
  return {
    from: new Date(Date.parse(`${query.from}T00:00:00Z`) - TASHKENT_OFFSET_MS),
    to: new Date(Date.parse(`${query.to}T00:00:00Z`) - TASHKENT_OFFSET_MS + 86_400_000),
  };
}
