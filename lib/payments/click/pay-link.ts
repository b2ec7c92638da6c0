import { formatClickAmount } from "./amount";

/** Click's hosted payment page in live and test modes (the sandbox serves its own, see CLICK_PAY_URL). */
export const CLICK_PAY_URL = "https://my.click.uz/services/pay";

export type ClickCardType = "uzcard" | "humo";

export type ClickPayLinkInput = {
  /** The page's URL for the provider's mode (live: CLICK_PAY_URL; sandbox: the emulator's). */
  payUrl: string;
  serviceId: string;
  merchantId: string;
  /** Tiyin; sent as `N.NN` sum. */
  amount: bigint;
  /** Our order number: comes back in the callbacks as `merchant_trans_id`. */
  orderNumber: string;
  /** Where Click sends the shopper afterwards (our order page). */
  returnUrl?: string;
  merchantUserId?: string;
  /** Opens the page on one card network. */
  cardType?: ClickCardType;
};

export type ClickPayForm = {
  action: string;
  method: "GET";
  /** Flat `{name: value}`, as the link's query (DESIGN.md: the payments endpoint's `form.fields`). */
  fields: Record<string, string>;
};

/**
 * The link's query fields in the protocol's order (protocol file, "Payment link"; no signature).
 * Throws RangeError for a non-positive amount or an empty id: those are our bugs, not input.
 */
export function clickPayFields(input: ClickPayLinkInput): Record<string, string> {
  if (input.amount <= 0n) throw new RangeError("Click amount must be a positive number of tiyin");
  for (const [name, value] of [
    ["serviceId", input.serviceId],
    ["merchantId", input.merchantId],
    ["orderNumber", input.orderNumber],
  ] as const) {
    if (!value) throw new RangeError(`Click pay link: ${name} is empty`);
  }
  const fields: Record<string, string> = {
    service_id: input.serviceId,
    merchant_id: input.merchantId,
    amount: formatClickAmount(input.amount),
    transaction_param: input.orderNumber,
  };
  if (input.returnUrl) fields.return_url = input.returnUrl;
  if (input.merchantUserId) fields.merchant_user_id = input.merchantUserId;
  if (input.cardType) fields.card_type = input.cardType;
  return fields;
}

/** `https://my.click.uz/services/pay?service_id=…&merchant_id=…&amount=15000.00&transaction_param=…&return_url=…`. */
export function buildClickPayLink(input: ClickPayLinkInput): string {
  const url = new URL(input.payUrl);
  for (const [name, value] of Object.entries(clickPayFields(input))) url.searchParams.set(name, value);
  return url.toString();
}

/** The same as a GET form (action without query, fields as hidden inputs). */
export function buildClickPayForm(input: ClickPayLinkInput): ClickPayForm {
  const url = new URL(input.payUrl);
  url.search = "";
  return { action: url.toString(), method: "GET", fields: clickPayFields(input) };
}
