/** Every provider Tolov integrates: add one here plus its folder under lib/payments/. */
export const providers = ["payme", "click", "robokassa"] as const;
export type Provider = (typeof providers)[number];
