import { z } from "zod";

/**
 * A shopper's phone, normalized to `+<digits>`. Uzbek numbers may be typed without the country
 * code (`90 123 45 67` → `+998901234567`); others need their full international form.
 */
export const phoneSchema = z
  .string({ error: "expected a phone number" })
  .trim()
  .transform((value, ctx) => {
    const digits = value.replace(/[\s()\-.]/g, "").replace(/^\+/, "");
    if (!/^\d+$/.test(digits)) {
      ctx.addIssue({ code: "custom", message: "expected a phone number such as +998 90 123 45 67" });
      return z.NEVER;
    }
    const full = digits.length === 9 ? `998${digits}` : digits;
    if (full.startsWith("998") ? full.length !== 12 : full.length < 10 || full.length > 15) {
      ctx.addIssue({ code: "custom", message: "expected a phone number such as +998 90 123 45 67" });
      return z.NEVER;
    }
    return `+${full}`;
  });
