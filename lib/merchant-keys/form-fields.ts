import { z } from "zod";
import { paymentsModeSchema } from "../env";

/**
 * Building blocks of the admin's key forms. A form schema turns the submitted strings into the
 * strings stored in the Setting table; a secret left empty comes out `undefined` (keep the
 * stored value).
 */
export const secretInput = z
  .string()
  .trim()
  .max(256, "at most 256 characters")
  .refine((value) => !/[\r\n]/.test(value), "one line only")
  .optional()
  .transform((value) => (value ? value : undefined));

/** A checkbox: present ("on") means true. */
export const checkboxInput = z
  .string()
  .optional()
  .transform((value) => (value === "on" || value === "true" ? "true" : "false"));

export const modeInput = paymentsModeSchema;

export const digitsInput = (max: number) =>
  z.string().trim().max(max, `at most ${max} digits`).regex(/^\d*$/, "digits only");

/** A comma- or space-separated list of IPv4/IPv6 addresses, stored comma-separated. */
export const addressListInput = z
  .string()
  .trim()
  .max(1000)
  .transform((value, ctx) => {
    const items = value.split(/[\s,]+/).filter(Boolean);
    for (const item of items) {
      if (!/^(\d{1,3}\.){3}\d{1,3}$/.test(item) && !/^[0-9a-f:]+(:\d{1,3}(\.\d{1,3}){3})?$/i.test(item)) {
        ctx.addIssue({ code: "custom", message: `"${item}" is not an IP address` });
        return z.NEVER;
      }
    }
    return items.join(",");
  });

/** Stored "true"/"false" → boolean, with a default for a setting never written. */
export const storedBoolean = (fallback: boolean) =>
  z
    .enum(["true", "false"])
    .optional()
    .transform((value) => (value === undefined ? fallback : value === "true"));

/** How the admin renders one field. */
export type FieldView =
  | { name: string; type: "text"; required?: boolean; placeholder?: string }
  | { name: string; type: "secret" }
  | { name: string; type: "boolean" }
  | { name: string; type: "select"; options: readonly string[] }
  | { name: string; type: "number"; min: number; max: number };
