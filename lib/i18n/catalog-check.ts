import type { Locale } from "./locales";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();

/**
 * What is wrong with a message catalog's translations, as sentences (empty when nothing is):
 * a key missing in or added to a language, a placeholder dropped or added, an empty text.
 * Russian defines the keys. The shop's, the admin's and every provider's catalog run it in tests.
 */
export function catalogProblems(catalog: Readonly<Record<Locale, Readonly<Record<string, string>>>>): string[] {
  const problems: string[] = [];
  const russian = catalog.ru;
  for (const [locale, messages] of Object.entries(catalog)) {
    for (const key of Object.keys(russian)) if (!Object.hasOwn(messages, key)) problems.push(`${locale}: missing ${key}`);
    for (const [key, text] of Object.entries(messages)) {
      if (!Object.hasOwn(russian, key)) {
        problems.push(`${locale}: extra ${key}`);
        continue;
      }
      const expected = placeholders(russian[key]!).join(",");
      const actual = placeholders(text).join(",");
      if (actual !== expected) problems.push(`${locale}: ${key} has placeholders {${actual}}, Russian {${expected}}`);
      if (text.trim() === "") problems.push(`${locale}: ${key} is empty`);
    }
  }
  return problems;
}
