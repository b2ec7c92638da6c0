/*
 * Finds secrets in a log's text (issue 15 item 5: "a test greps the log of a full e2e run for
 * every secret and test card"). Used by the e2e run's teardown (e2e/helpers/log-secrets.ts);
 * kept in lib/ so its unit test plants secrets and proves it finds them. No I/O.
 */

/** A value that must never appear: a key, a password, a token, a test card, an SMS code. */
export type KnownSecret = { name: string; value: string };

/** A shape that must never appear, whatever its value (a full phone number, a card number). */
export type SecretPattern = { name: string; pattern: RegExp };

/** Uzbek phone numbers in full (`+998901234567`, `998 90 123 45 67`, `+998-90-123-45-67`); masked ones have `*`. */
const FULL_UZ_PHONE = /(?<![0-9A-Za-z])\+?998[ -]?\(?\d{2}\)?[ -]?\d{3}[ -]?\d{2}[ -]?\d{2}(?![0-9A-Za-z])/;
/** Uzcard and Humo card numbers (8600…, 9860…), with or without spaces or dashes between groups of four. */
const LOCAL_CARD = /(?<![0-9A-Za-z])(?:8600|9860|5614)(?:[ -]?\d{4}){3}(?![0-9A-Za-z])/;

export const DEFAULT_SECRET_PATTERNS: readonly SecretPattern[] = [
  { name: "a full phone number", pattern: FULL_UZ_PHONE },
  { name: "a card number (8600/9860/5614…)", pattern: LOCAL_CARD },
];

function views(text: string): string[] {
  const all = [text];
  // JSON escapes (`\/`, `\u0041`) and URL encoding hide a value from a plain search.
  try {
    all.push(JSON.parse(`"${text.replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`) as string);
  } catch {
    // not a valid JSON string body: the raw text is searched
  }
  try {
    all.push(decodeURIComponent(text.replace(/\+/g, " ")));
  } catch {
    // stray `%`: the raw text is searched
  }
  return all;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * What of `secrets` and `patterns` appears in `text`: one finding per secret or pattern, named
 * (never the secret's value: the report itself must not leak it). A secret is found as written,
 * JSON-escaped or URL-encoded; an all-digit secret (a card, an SMS code) also with separators
 * between its digits, and only as a whole number (`666666` is not found inside `16666661`).
 * Secrets shorter than 4 characters are refused: they would match anywhere.
 */
export function secretsInLog(text: string, secrets: readonly KnownSecret[], patterns: readonly SecretPattern[] = DEFAULT_SECRET_PATTERNS): string[] {
  const found: string[] = [];
  const texts = views(text);
  for (const secret of secrets) {
    if (secret.value.length < 4) throw new Error(`secret "${secret.name}" is too short to search for`);
    let matcher: RegExp;
    if (/^\d+$/.test(secret.value)) {
      const digits = secret.value.split("").map(escapeRegExp).join("[ -]?");
      matcher = new RegExp(`(?<![0-9])${digits}(?![0-9])`);
    } else {
      matcher = new RegExp(escapeRegExp(secret.value));
    }
    if (texts.some((view) => matcher.test(view))) found.push(secret.name);
  }
  for (const { name, pattern } of patterns) if (texts.some((view) => pattern.test(view))) found.push(name);
  return found;
}
