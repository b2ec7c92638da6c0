import type { SqlExecutor } from "../db/sql";
import type { Env } from "../env";
import { seedSetting } from "../settings/settings";
import { CLICK_PREFIX, sandboxClickCredentials } from "./click-settings";
import { ROBOKASSA_PREFIX, sandboxRobokassaCredentials } from "./robokassa-settings";

/**
 * Seeds Click's and Robokassa's settings from the environment on first start (Payme's are seeded
 * by lib/payments/payme/payme-settings.ts). Values already stored — the admin's edits — win.
 * In sandbox mode, credentials not given are derived from APP_SECRET.
 */
export async function seedMerchantKeys(sql: SqlExecutor, env: Env, appSecret: string): Promise<void> {
  const sandbox = env.PAYMENTS_MODE === "sandbox";
  const click = sandbox ? sandboxClickCredentials(appSecret) : undefined;
  const robokassa = sandbox ? sandboxRobokassaCredentials(appSecret) : undefined;

  const seed = async (prefix: string, values: Record<string, string | undefined>, secrets: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value !== undefined) await seedSetting(sql, prefix + name, value, { secret: false, appSecret });
    }
    for (const [name, value] of Object.entries(secrets)) {
      if (value !== undefined) await seedSetting(sql, prefix + name, value, { secret: true, appSecret });
    }
  };

  await seed(
    CLICK_PREFIX,
    {
      serviceId: env.CLICK_SERVICE_ID ?? click?.serviceId,
      merchantId: env.CLICK_MERCHANT_ID ?? click?.merchantId,
      merchantUserId: env.CLICK_MERCHANT_USER_ID ?? click?.merchantUserId,
      mode: env.PAYMENTS_MODE,
    },
    { secretKey: env.CLICK_SECRET_KEY ?? click?.secretKey },
  );
  await seed(
    ROBOKASSA_PREFIX,
    { login: env.ROBOKASSA_LOGIN ?? robokassa?.login, hash: env.ROBOKASSA_HASH, mode: env.PAYMENTS_MODE },
    {
      password1: env.ROBOKASSA_PASSWORD1,
      password2: env.ROBOKASSA_PASSWORD2,
      password3: env.ROBOKASSA_PASSWORD3 ?? robokassa?.password3,
      testPassword1: env.ROBOKASSA_TEST_PASSWORD1 ?? robokassa?.testPassword1,
      testPassword2: env.ROBOKASSA_TEST_PASSWORD2 ?? robokassa?.testPassword2,
    },
  );
}
