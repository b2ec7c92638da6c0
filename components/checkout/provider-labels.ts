import type { Provider } from "@/lib/payments/providers";

/** Brand names: the same in every language. */
export const providerLabels: Readonly<Record<Provider, string>> = {
  payme: "Payme",
  click: "Click",
  robokassa: "Robokassa",
};
