import type { Provider } from "../payments/providers";

export type CallbackUrl = { label: string; url: string; method: string };

/**
 * The addresses to paste into each provider's cabinet, from PUBLIC_URL (DESIGN.md "Endpoints
 * for providers"). `label` is a message key of lib/admin/messages.ts.
 */
export function callbackUrls(publicUrl: string): Record<Provider | "exchange1c", CallbackUrl[]> {
  const base = publicUrl.replace(/\/+$/, "");
  return {
    payme: [{ label: "callbacks.paymeEndpoint", url: `${base}/api/payme`, method: "POST" }],
    click: [
      { label: "callbacks.clickPrepare", url: `${base}/api/click/prepare`, method: "POST" },
      { label: "callbacks.clickComplete", url: `${base}/api/click/complete`, method: "POST" },
    ],
    robokassa: [
      { label: "callbacks.robokassaResult", url: `${base}/api/robokassa/result`, method: "POST" },
      { label: "callbacks.robokassaSuccess", url: `${base}/api/robokassa/success`, method: "GET" },
      { label: "callbacks.robokassaFail", url: `${base}/api/robokassa/fail`, method: "GET" },
    ],
    exchange1c: [{ label: "callbacks.exchange1c", url: `${base}/api/1c/exchange`, method: "GET, POST" }],
  };
}
