import { parsePhoneNumberWithError } from "libphonenumber-js/max";
import { z } from "zod";
import { uzbekNationalDigits } from "./phone-shape";

/** The API's message (English, for integrators); shoppers see `checkout.error.phone` in their language. */
export const PHONE_MESSAGE = "expected an Uzbek phone number such as +998 90 123 45 67";

/**
 * Typed phone → `+998XXXXXXXXX` (E.164, the form Click and Payme take and the admin searches by
 * digits), or `null` when it is not a valid Uzbek number. Accepted shapes, with any spaces, dashes,
 * dots or parentheses: `+998 90 123 45 67`, `998901234567`, `901234567`, `90 123 45 67`. A leading
 * `8` (the old trunk prefix, "8 90 123 45 67") and foreign numbers are refused, never reinterpreted.
 * Validity (operator and area codes) comes from libphonenumber-js's full metadata; server only.
 */
export function normalizeUzbekPhone(typed: string): string | null {
  const national = uzbekNationalDigits(typed);
  if (national === null) return null;
  try {
    const parsed = parsePhoneNumberWithError(`+998${national}`);
    return parsed.country === "UZ" && parsed.isValid() ? parsed.number : null;
  } catch {
    return null;
  }
}

/** A shopper's phone: a valid Uzbek number, stored as `+998XXXXXXXXX` (see normalizeUzbekPhone). */
export const phoneSchema = z
  .string({ error: "expected a phone number" })
  .max(40, PHONE_MESSAGE)
  .transform((value, ctx) => {
    const phone = normalizeUzbekPhone(value);
    if (phone === null) {
      ctx.addIssue({ code: "custom", message: PHONE_MESSAGE });
      return z.NEVER;
    }
    return phone;
  });
