import type { Locale } from "./locales";

/**
 * A sentence in every shopper language (ru, uz, en): provider errors and messages that are
 * chosen on the server and shown in the browser's language.
 */
export type LocalizedText = Readonly<Record<Locale, string>>;
