/**
 * The shapes an Uzbek phone may be typed in, checked without any library so the checkout page can
 * use it (lib/orders/phone.ts adds the real validation on the server, with libphonenumber-js):
 * `+998 90 123 45 67`, `998901234567`, `901234567`, `90 123 45 67`, with any spaces, dashes, dots or
 * parentheses. Returns the nine national digits (`901234567`), or `null` for any other shape —
 * including a leading `8` ("8 90 123 45 67") and foreign numbers.
 */
export function uzbekNationalDigits(typed: string): string | null {
  const compact = typed.trim().replace(/[\s()\-.]/g, "");
  return /^(?:\+?998)?(\d{9})$/.exec(compact)?.[1] ?? null;
}

/** Nine national digits → `+998 90 123 45 67`, the way shoppers and merchants read it. */
export function displayUzbekPhone(nationalDigits: string): string {
  const match = /^(\d{2})(\d{3})(\d{2})(\d{2})$/.exec(nationalDigits);
  return match ? `+998 ${match[1]} ${match[2]} ${match[3]} ${match[4]}` : nationalDigits;
}

/** A stored `+998901234567` → `+998 90 123 45 67` for display; anything else unchanged. */
export function formatStoredPhone(stored: string): string {
  return /^\+998\d{9}$/.test(stored) ? displayUzbekPhone(stored.slice(4)) : stored;
}
