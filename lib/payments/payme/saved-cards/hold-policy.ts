import type { SqlExecutor } from "../../../db/sql";
import type { PaymeSettings } from "../payme-settings";

/** The merchant's setting: "true" holds every card payment (the admin confirms or cancels it). */
export const CARD_HOLD_SETTING = "payme.cardHold";

/**
 * Whether a card payment holds the funds instead of debiting them. In the sandbox the order page
 * asks for it (`?hold=1`, a QA demo); elsewhere only the merchant decides, by the setting above:
 * a shopper cannot turn a payment into a hold.
 */
export async function holdCardPayment(sql: SqlExecutor, settings: PaymeSettings, requested: boolean): Promise<boolean> {
  if (settings.mode === "sandbox" && requested) return true;
  const row = await sql.get<{ value: string }>(`SELECT "value" FROM "Setting" WHERE "key" = ?`, [CARD_HOLD_SETTING]);
  return row?.value === "true";
}
