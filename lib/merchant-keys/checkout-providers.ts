import type { SqlExecutor } from "../db/sql";
import { paymentProviders, type Provider } from "../payments/registry";

/** Whether `<provider>.checkout` ("show at checkout") was left on, the default. */
async function checkoutFlag(sql: SqlExecutor, prefix: string): Promise<boolean> {
  const row = await sql.get<{ value: string }>(`SELECT "value" FROM "Setting" WHERE "key" = ?`, [`${prefix}checkout`]);
  return row?.value !== "false";
}

/**
 * The providers the checkout offers, as the admin set them: "show at checkout" is on and the
 * credentials of the provider's current mode are present (each entry's `readiness`).
 */
export async function checkoutProviders(sql: SqlExecutor, appSecret: string): Promise<Provider[]> {
  const ready = await Promise.all(paymentProviders.map((provider) => provider.readiness({ sql, appSecret })));
  const shown: Provider[] = [];
  for (const [index, provider] of paymentProviders.entries()) {
    if (ready[index]!.configured && (await checkoutFlag(sql, provider.settings.prefix))) shown.push(provider.id);
  }
  return shown;
}
