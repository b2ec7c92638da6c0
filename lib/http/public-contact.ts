/**
 * The buyer's contact as anyone holding an order's link may see it (GET /api/orders/{id}; the
 * order page polls it and shoppers share such links): masked as the card form shows it. The
 * admin shows it in full.
 */

/** `+998901234567` → `+998 90 *** ** 67`; other numbers keep their first digits and last two. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (digits.length === 12 && digits.startsWith("998")) return `+998 ${digits.slice(3, 5)} *** ** ${digits.slice(10)}`;
  if (digits.length <= 4) return "****";
  return `+${digits.slice(0, Math.min(3, digits.length - 4))}****${digits.slice(-2)}`;
}

/** `buyer@example.com` → `b***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "***";
  return `${Array.from(email)[0]}***${email.slice(at)}`;
}

/** `Aziza Karimova` → `A.` (the first name's initial). */
export function maskName(name: string): string {
  const first = Array.from(name.trim())[0];
  return first ? `${first}.` : "";
}

type Contact = { phone: string | null; email: string | null; name: string | null };

export function maskContact<C extends Contact>(customer: C): C {
  return {
    ...customer,
    phone: customer.phone ? maskPhone(customer.phone) : customer.phone,
    email: customer.email ? maskEmail(customer.email) : customer.email,
    name: customer.name ? maskName(customer.name) : customer.name,
  };
}
