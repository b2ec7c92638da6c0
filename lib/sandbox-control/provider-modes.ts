import type { SqlExecutor } from "../db/sql";
import { paymentsModeSchema, type PaymentsMode } from "../env";
import { providers, type Provider } from "../payments/providers";

/**
 * Every provider of the registry has a mode the admin sets (Settings: `<provider>.mode`, seeded
 * from PAYMENTS_MODE on the first start). Store code, not emulator code: server.ts reads it to
 * decide whether the sandbox runs, the admin's save to refuse a mode change mid-payment.
 */
const PROVIDERS_WITH_MODES: readonly Provider[] = providers;

export type ProviderModes = Record<Provider, PaymentsMode>;

/** Each provider's mode as the admin set it (default sandbox, as the settings page shows it). */
export async function readProviderModes(sql: SqlExecutor): Promise<ProviderModes> {
  const rows = await sql.all<{ key: string; value: string }>(
    `SELECT "key", "value" FROM "Setting" WHERE "key" IN (${PROVIDERS_WITH_MODES.map(() => "?").join(", ")})`,
    PROVIDERS_WITH_MODES.map((provider) => `${provider}.mode`),
  );
  const modes = Object.fromEntries(PROVIDERS_WITH_MODES.map((provider) => [provider, "sandbox"])) as ProviderModes;
  for (const row of rows) {
    const provider = row.key.slice(0, -".mode".length) as keyof ProviderModes;
    modes[provider] = paymentsModeSchema.safeParse(row.value).data ?? "sandbox";
  }
  return modes;
}

/** Whether the emulators must run: some provider is in sandbox mode. */
export function sandboxWanted(modes: Record<string, PaymentsMode>): boolean {
  return Object.values(modes).includes("sandbox");
}

/**
 * Whether an attempt of `provider` holds an order right now (a live `Reservation` row): its
 * mode must not change under it — the attempt was made against the other mode's cashbox.
 * Reads the settlement core's table; never writes it.
 */
export async function providerHoldsReservation(sql: SqlExecutor, provider: string, now: number): Promise<boolean> {
  const row = await sql.get<{ one: number }>(
    `SELECT 1 AS "one" FROM "Reservation" WHERE "provider" = ? AND ("expiresAt" IS NULL OR "expiresAt" > ?) LIMIT 1`,
    [provider, BigInt(now)],
    { one: "number" },
  );
  return row !== undefined;
}
