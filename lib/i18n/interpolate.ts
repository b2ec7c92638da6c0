/**
 * Fills `{name}` placeholders; a placeholder without a value stays visible rather than vanishing.
 * Its own module so that provider message files use it without the shop's dictionaries.
 */
export function interpolate(text: string, params: Readonly<Record<string, string | number>> | undefined): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : placeholder,
  );
}
