import { createHmac } from "node:crypto";
import { z } from "zod";
import type { SqlExecutor } from "../../db/sql";
import { paymentsModeSchema, type PaymentsMode } from "../../env";
import { readSettings } from "../../settings/settings";

/** Payme's cashbox settings (admin page; seeded from the environment on an empty database). */
export const paymeSettingsSchema = z.object({
  merchantId: z.string().trim().max(64).default(""),
  key: z.string().optional(),
  testKey: z.string().optional(),
  login: z.string().trim().min(1).default("Paycom"),
  accountField: z.string().trim().regex(/^[a-z_][a-z0-9_]{0,31}$/i).default("order_id"),
  mode: paymentsModeSchema.default("sandbox"),
  billing: z.enum(["true", "false"]).default("true").transform((value) => value === "true"),
  ipAllowlist: z.enum(["true", "false"]).default("false").transform((value) => value === "true"),
  /** Addresses of reverse proxies whose X-Forwarded-For we believe, comma-separated. */
  trustedProxies: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((item) => item.trim()).filter(Boolean)),
});
export type PaymeSettings = z.infer<typeof paymeSettingsSchema>;

const PREFIX = "payme.";

export async function loadPaymeSettings(sql: SqlExecutor, appSecret: string): Promise<PaymeSettings> {
  const stored = await readSettings(sql, PREFIX, appSecret);
  const raw: Record<string, string> = {};
  for (const [key, value] of stored) raw[key.slice(PREFIX.length)] = value;
  return paymeSettingsSchema.parse(raw);
}

/**
 * Payme's settings as one process reads them: at most once a second (a key rotated by
 * ChangePassword or the admin on another instance is seen within a second). `invalidate()`
 * after a change on this instance.
 */
export function createPaymeSettingsCache(sql: SqlExecutor, appSecret: string) {
  let cached: { at: number; settings: Promise<PaymeSettings> } | undefined;
  return {
    get(): Promise<PaymeSettings> {
      const now = Date.now();
      if (!cached || now - cached.at > 1000) {
        const loading = loadPaymeSettings(sql, appSecret);
        cached = { at: now, settings: loading };
        loading.catch(() => {
          if (cached?.settings === loading) cached = undefined;
        });
      }
      return cached.settings;
    },
    invalidate(): void {
      cached = undefined;
    },
  };
}

/** The key Payme authenticates with in the cashbox's mode: the live key in live mode, else the test key. */
export function activeKey(settings: PaymeSettings): string | undefined {
  return settings.mode === "live" ? settings.key : settings.testKey;
}

export function activeKeySetting(mode: PaymentsMode): "payme.key" | "payme.testKey" {
  return mode === "live" ? "payme.key" : "payme.testKey";
}

/**
 * Sandbox credentials when none are given: derived from APP_SECRET, so the store and the
 * emulator started beside it (or `npm run sandbox` in the same folder) agree without storing more.
 */
export function sandboxPaymeCredentials(appSecret: string): { merchantId: string; testKey: string } {
  const derive = (label: string) => createHmac("sha256", appSecret).update(`tolov sandbox ${label}`).digest("hex");
  return { merchantId: derive("payme merchant").slice(0, 24), testKey: derive("payme test key").slice(0, 32) };
}
