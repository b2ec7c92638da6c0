import { z } from "zod";
import type { SqlExecutor } from "../db/sql";
import { readSettings } from "../settings/settings";
import { secretInput, type FieldView } from "../merchant-keys/form-fields";

export const EXCHANGE_1C_PREFIX = "exchange1c.";
export const exchangeEncodings = ["utf-8", "windows-1251"] as const;

/** The 1C exchange user (HTTP Basic at `mode=checkauth`) and how files are written. */
export const exchange1cSettingsSchema = z.object({
  login: z.string().default(""),
  password: z.string().optional(),
  encoding: z.enum(exchangeEncodings).default("utf-8"),
  /** 1C's dates carry no zone: they are read in this one. */
  timeZone: z.string().default("Asia/Tashkent"),
});
export type Exchange1cSettings = z.infer<typeof exchange1cSettingsSchema>;

export async function loadExchange1cSettings(sql: SqlExecutor, appSecret: string): Promise<Exchange1cSettings> {
  const stored = await readSettings(sql, EXCHANGE_1C_PREFIX, appSecret);
  return exchange1cSettingsSchema.parse(
    Object.fromEntries([...stored].map(([key, value]) => [key.slice(EXCHANGE_1C_PREFIX.length), value])),
  );
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const exchange1cForm = z.object({
  login: z.string().trim().max(64, "at most 64 characters").regex(/^[^:\s]*$/, "no spaces or colons"),
  password: secretInput,
  encoding: z.enum(exchangeEncodings),
  timeZone: z.string().trim().min(1).refine(isTimeZone, "expected an IANA time zone such as Asia/Tashkent"),
});

export const exchange1cFields: FieldView[] = [
  { name: "login", type: "text" },
  { name: "password", type: "secret" },
  { name: "encoding", type: "select", options: exchangeEncodings },
  { name: "timeZone", type: "text", placeholder: "Asia/Tashkent" },
];
