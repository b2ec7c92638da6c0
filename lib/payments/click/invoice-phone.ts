/**
 * Pay by phone (issue 11 §3): Click invoices go to the **order's own** phone, never to a number
 * typed by whoever has the order link. Orders store phones as `+<digits>` (lib/orders/phone.ts);
 * Click takes Uzbek numbers as `998XXXXXXXXX`.
 */
export type InvoicePhone = { ok: true; phoneNumber: string } | { ok: false; reason: "no_phone" | "not_uzbek" };

export function clickInvoicePhone(orderPhone: string | null | undefined): InvoicePhone {
  if (!orderPhone) return { ok: false, reason: "no_phone" };
  const digits = orderPhone.startsWith("+") ? orderPhone.slice(1) : orderPhone;
  if (!/^998\d{9}$/.test(digits)) return { ok: false, reason: "not_uzbek" };
  return { ok: true, phoneNumber: digits };
}

/** `+998 ** *** 45 67`: enough for the shopper to recognize their number on a shared order page. */
export function maskInvoicePhone(phoneNumber: string): string {
  return `+998 ** *** ${phoneNumber.slice(-4, -2)} ${phoneNumber.slice(-2)}`;
}
