import { z } from "zod";

/** Provider modes: our own emulators, the providers' test platforms, or real money. */
export const paymentsModeSchema = z.enum(["sandbox", "test", "live"]);
export type PaymentsMode = z.infer<typeof paymentsModeSchema>;

const port = z.coerce
  .number({ error: "expected a port number (1–65535)" })
  .int("expected a port number (1–65535)")
  .min(1, "expected a port number (1–65535)")
  .max(65535, "expected a port number (1–65535)");

const httpUrl = z
  .string()
  .trim()
  .refine((value) => /^https?:\/\/[^\s/]+/.test(value), "expected an http(s) URL")
  .transform((value) => value.replace(/\/+$/, ""));

const databaseUrl = z
  .string()
  .trim()
  .refine(
    (value) => value.startsWith("file:") || /^postgres(ql)?:\/\//.test(value),
    "expected file:<path> (SQLite) or postgresql://… (PostgreSQL)",
  );

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

const booleanText = z
  .enum(["true", "false", "1", "0", "yes", "no"], { error: "expected true or false" })
  .transform((value) => value === "true" || value === "1" || value === "yes");

export const robokassaHashSchema = z.enum(["md5", "sha1", "sha256", "sha384", "sha512", "ripemd160"]);

/** Every environment variable of DESIGN.md's contract. Empty strings count as unset. */
const envSchema = z
  .object({
    PORT: port.default(3000),
    HOST: z.string().trim().min(1).default("0.0.0.0"),
    DATABASE_URL: databaseUrl.default("file:./data/tolov.db"),
    DATA_DIR: z.string().trim().min(1).default("./data"),
    PUBLIC_URL: httpUrl.optional(),
    PAYMENTS_MODE: paymentsModeSchema.default("sandbox"),
    PAYME_CHECKOUT_URL: httpUrl.optional(),
    PAYME_SUBSCRIBE_URL: httpUrl.optional(),
    CLICK_PAY_URL: httpUrl.optional(),
    CLICK_API_URL: httpUrl.optional(),
    ROBOKASSA_PAY_URL: httpUrl.optional(),
    ROBOKASSA_API_URL: httpUrl.optional(),
    SANDBOX_PORT: port.optional(),
    /** Where the sandbox listens (default HOST: shoppers' browsers must reach it). */
    SANDBOX_HOST: z.string().trim().min(1).optional(),
    SANDBOX_STORE_URL: httpUrl.optional(),
    PAYME_MERCHANT_ID: optionalText,
    PAYME_KEY: optionalText,
    PAYME_TEST_KEY: optionalText,
    PAYME_BILLING: booleanText.default(true),
    CLICK_SERVICE_ID: optionalText,
    CLICK_MERCHANT_ID: optionalText,
    CLICK_MERCHANT_USER_ID: optionalText,
    CLICK_SECRET_KEY: optionalText,
    ROBOKASSA_LOGIN: optionalText,
    ROBOKASSA_PASSWORD1: optionalText,
    ROBOKASSA_PASSWORD2: optionalText,
    ROBOKASSA_PASSWORD3: optionalText,
    ROBOKASSA_TEST_PASSWORD1: optionalText,
    ROBOKASSA_TEST_PASSWORD2: optionalText,
    ROBOKASSA_HASH: robokassaHashSchema.default("md5"),
    EXCHANGE_1C_LOGIN: optionalText,
    EXCHANGE_1C_PASSWORD: optionalText,
    /** Documents a 1C `mode=import` call applies before answering `progress` (tests use small batches). */
    TOLOV_1C_IMPORT_BATCH: z.coerce.number({ error: "expected a whole number ≥ 1" }).int().min(1).default(200),
    ADMIN_PASSWORD: optionalText,
    APP_SECRET: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value ? value : undefined))
      .refine((value) => value === undefined || value.length >= 32, "expected at least 32 characters"),
    CBU_RATES_URL: httpUrl.optional(),
    /** `off` sends /api/payme through the Next.js route instead of server.ts's fast path (benchmarks). */
    /** Orders a minute one client address may place through POST /api/orders; 0 = no limit (load tests only). */
    TOLOV_ORDERS_PER_MINUTE: z.coerce
      .number({ error: "expected a whole number (0 = no limit)" })
      .int("expected a whole number (0 = no limit)")
      .min(0, "expected a whole number (0 = no limit)")
      .default(20),
    TOLOV_PAYME_FAST_PATH: z.enum(["on", "off"], { error: "expected on or off" }).default("on"),
    /** Bearer token for /api/metrics and the details of /api/health; unset: metrics are off (404). */
    METRICS_TOKEN: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value ? value : undefined))
      .refine((value) => value === undefined || value.length >= 16, "expected at least 16 characters"),
    /** The structured log's level (lib/log/logger.ts reads it at its first line). */
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { error: "expected fatal, error, warn, info, debug, trace or silent" }).default("info"),
    /** The structured log's file (appended); unset: standard output. */
    LOG_FILE: optionalText,
    /** Buyer notifications by e-mail (lib/outbox/notifications): `smtp://user:password@host:587` or `smtps://…`; with NOTIFY_EMAIL_FROM. */
    SMTP_URL: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value ? value : undefined))
      .refine((value) => value === undefined || /^smtps?:\/\/[^\s/]+/.test(value), "expected smtp://… or smtps://…"),
    NOTIFY_EMAIL_FROM: optionalText,
    /** Buyer notifications by SMS through an HTTP gateway: a JSON POST `{to, text, idempotencyKey}` with `Authorization: Bearer SMS_GATEWAY_TOKEN`. */
    SMS_GATEWAY_URL: httpUrl.optional(),
    SMS_GATEWAY_TOKEN: optionalText,
    /** Outbox dispatcher: `off` stops delivery in this process (another instance delivers). */
    OUTBOX_DISPATCH: z.enum(["on", "off"], { error: "expected on or off" }).default("on"),
    /** First retry's pause (ms); each next one doubles, up to OUTBOX_RETRY_MAX_MS. Tests use small values. */
    OUTBOX_RETRY_BASE_MS: z.coerce.number({ error: "expected milliseconds" }).int().min(1).default(30_000),
    OUTBOX_RETRY_MAX_MS: z.coerce.number({ error: "expected milliseconds" }).int().min(1).default(6 * 3_600_000),
    /** How often the dispatcher looks for due deliveries besides the wake-up after a settlement (ms). */
    OUTBOX_POLL_MS: z.coerce.number({ error: "expected milliseconds" }).int().min(10).default(2_000),
  })
  .superRefine((value, ctx) => {
    if (value.PAYMENTS_MODE !== "live") return;
    for (const name of ["APP_SECRET", "ADMIN_PASSWORD"] as const) {
      if (!value[name]) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: "required when PAYMENTS_MODE=live (generated secrets are not allowed with real money)",
        });
      }
    }
  })
  .transform((value) => ({
    ...value,
    PUBLIC_URL: value.PUBLIC_URL ?? `http://localhost:${value.PORT}`,
    SANDBOX_PORT: value.SANDBOX_PORT ?? (value.PORT === 65535 ? 65534 : value.PORT + 1),
  }));

export type Env = z.infer<typeof envSchema>;

/** A configuration error that names every bad variable and what is expected. */
export class EnvError extends Error {
  readonly code = "INVALID_ENV";
  constructor(readonly problems: { variable: string; expected: string }[]) {
    super(
      "Invalid configuration:\n" +
        problems.map((problem) => `  ${problem.variable}: ${problem.expected}`).join("\n"),
    );
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined && value.trim() !== "") cleaned[key] = value;
  }
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => ({
        variable: issue.path.map(String).join(".") || "environment",
        expected: issue.message,
      })),
    );
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated environment of this process (parsed once). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests and for the start script after it filled in generated secrets. */
export function resetEnvCache(): void {
  cached = undefined;
}

/**
 * Whether PUBLIC_URL was given (not the `http://localhost:$PORT` default): only then does it name
 * the store's public address for every request (lib/http/request-origin.ts).
 */
export function publicUrlGiven(source: Record<string, string | undefined> = process.env): boolean {
  return (source.PUBLIC_URL ?? "").trim() !== "";
}
