import type { ActionResult } from "@/lib/admin/action-result";
import type { AdminTranslate } from "@/lib/i18n/admin";

/** What every part of the admin order page formats with: the admin's texts, sums (tiyin) and times. */
export type OrderPageFormat = {
  t: AdminTranslate;
  /** Tiyin → "1 250 000 сум" in the admin's language. */
  sum: (tiyin: bigint) => string;
  /** A time in Tashkent, or "—" for null. */
  time: (at: Date | null) => string;
};

/** A server action as an admin action form calls it (React's form action state). */
export type AdminAction = (previous: ActionResult | null, form: FormData) => Promise<ActionResult>;
