/**
 * One delivery attempt's outcome, as every channel (webhook, notification adapters) reports it:
 * `ok` when the receiver took it; otherwise why (an HTTP status, a short error text — never a
 * secret, an address or a phone number).
 */
export type AttemptResult = { ok: true; httpStatus?: number } | { ok: false; httpStatus?: number; error: string };

/** An error's message, short and on one line, for the delivery log. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? (error.name === "TimeoutError" ? "timeout" : error.message) : String(error);
  return text.replace(/\s+/g, " ").slice(0, 300);
}
