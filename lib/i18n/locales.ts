import { z } from "zod";

export const locales = ["ru", "uz", "en"] as const;
export const localeSchema = z.enum(locales);
export type Locale = z.infer<typeof localeSchema>;
export const defaultLocale: Locale = "ru";
export const LOCALE_COOKIE = "tolov_lang";

export function toLocale(value: string | null | undefined): Locale | undefined {
  const parsed = localeSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
