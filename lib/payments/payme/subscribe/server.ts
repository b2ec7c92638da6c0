// The server-side entry of the Subscribe client for Next.js code (server actions, route
// handlers). `server-only` makes a build fail if a client component imports it, so the cashbox
// key can never be bundled for the browser. Tests and the plain-Node custom server import
// ./server-client directly: `server-only` throws outside React's server environment.
import "server-only";

export { createSubscribeClient, DEFAULT_PAY_TIMEOUT_MS, type SubscribeClient, type SubscribeClientOptions } from "./server-client";
export { SubscribeError, subscribeErrorMessage, type LocalizedText } from "./errors";
export { ReceiptState, type Receipt } from "./schemas";
