import type { SqlExecutor } from "../db/sql";
import { activeKey, loadPaymeSettings } from "../payments/payme/payme-settings";
import type { Provider } from "../payments/providers";
import { loadClickSettings } from "./click-settings";
import { loadRobokassaSettings, robokassaPasswords } from "./robokassa-settings";

/** Whether `payme.checkout` etc. was left on (default) — read apart, since Payme's schema does not carry it. */
async function checkoutFlag(sql: SqlExecutor, provider: Provider): Promise<boolean> {
  const row = await sql.get<{ value: string }>(`SELECT "value" FROM "Setting" WHERE "key" = ?`, [`${provider}.checkout`]);
  return row?.value !== "false";
}

/**
 * The providers the checkout offers, as the admin set them: "show at checkout" is on and the
 * credentials of the provider's current mode are present.
 */
export async function checkoutProviders(sql: SqlExecutor, appSecret: string): Promise<Provider[]> {
  const [payme, click, robokassa] = await Promise.all([
    loadPaymeSettings(sql, appSecret),
    loadClickSettings(sql, appSecret),
    loadRobokassaSettings(sql, appSecret),
  ]);
  const passwords = robokassaPasswords(robokassa);
  const ready: Record<Provider, boolean> = {
    payme: Boolean(payme.merchantId && activeKey(payme)),
    click: Boolean(click.serviceId && click.merchantId && click.secretKey),
    robokassa: Boolean(robokassa.login && passwords.password1 && passwords.password2),
  };
  const shown: Provider[] = [];
  for (const provider of ["payme", "click", "robokassa"] as const) {
    if (ready[provider] && (await checkoutFlag(sql, provider))) shown.push(provider);
  }
  return shown;
}
