// The browser-safe part of the Subscribe client: card methods with `X-Auth: {id}`, the wire
// schemas and the typed errors. The server's client (with the key) is `./server`.
export { createSubscribeBrowserClient, normalizeCardInput, type SubscribeBrowserClient, type SubscribeBrowserConfig } from "./browser-client";
export {
  SubscribeError,
  isSubscribeError,
  subscribeErrorCodes,
  subscribeErrorMessage,
  transportErrorCodes,
  type LocalizedText,
  type ShopperLocale,
  type SubscribeErrorKind,
} from "./errors";
export * from "./schemas";
