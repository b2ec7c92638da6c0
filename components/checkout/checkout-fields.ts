import { z } from "zod";
import type { PlainMessageKey } from "@/lib/i18n/types";
import { displayUzbekPhone, uzbekNationalDigits } from "@/lib/orders/phone-shape";

export type CheckoutValues = { phone: string; email: string; name: string };
/** Where an error is shown: next to a field, or for the whole form. */
export type CheckoutErrorTarget = keyof CheckoutValues | "items" | "form";
export type CheckoutErrors = Partial<Record<CheckoutErrorTarget, PlainMessageKey>>;

const email = z.email();

/**
 * The rules of `POST /api/orders` that need no library, checked before sending so the shopper hears
 * of them at once: the phone's shape here, its validity (operator codes) on the server only, so the
 * phone library adds nothing to the page's JavaScript.
 */
export function validateCheckout(values: CheckoutValues): CheckoutErrors {
  const errors: CheckoutErrors = {};
  if (values.phone.trim() === "") errors.phone = "checkout.error.phoneRequired";
  else if (uzbekNationalDigits(values.phone) === null) errors.phone = "checkout.error.phone";
  if (values.email.trim() !== "" && !email.safeParse(values.email.trim()).success) errors.email = "checkout.error.email";
  if (values.name.trim().length > 100) errors.name = "checkout.error.name";
  return errors;
}

/**
 * The API's field errors (`customer.phone`, `items.0.sku`…) → translated messages. The server
 * speaks English to integrators; shoppers get our own text for the field it names.
 */
export function errorsFromApi(fields: readonly { field: string; message: string }[]): CheckoutErrors {
  const errors: CheckoutErrors = {};
  for (const { field } of fields) {
    if (field === "customer.phone") errors.phone = "checkout.error.phone";
    else if (field === "customer.email") errors.email = "checkout.error.email";
    else if (field === "customer.name") errors.name = "checkout.error.name";
    else if (field === "items" || field.startsWith("items.")) errors.items = "checkout.error.items";
    else errors.form = "checkout.error.generic";
  }
  if (Object.keys(errors).length === 0) errors.form = "checkout.error.generic";
  return errors;
}

/** "901234567" or "+998901234567" → "+998 90 123 45 67"; anything else stays as typed. */
export function formatPhoneForDisplay(value: string): string {
  const national = uzbekNationalDigits(value);
  return national === null ? value : displayUzbekPhone(national);
}

/** The `POST /api/orders` body; empty optional fields are left out. */
export function orderRequestBody(
  items: readonly { sku: string; quantity: number }[],
  values: CheckoutValues,
  lang: string,
) {
  const customer: { phone: string; email?: string; name?: string } = { phone: values.phone.trim() };
  if (values.email.trim()) customer.email = values.email.trim();
  if (values.name.trim()) customer.name = values.name.trim();
  return { items: items.map(({ sku, quantity }) => ({ sku, quantity })), customer, lang };
}
