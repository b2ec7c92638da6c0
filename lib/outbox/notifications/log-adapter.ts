import { childLogger } from "../../log/logger";
import type { NotificationAdapter } from "./adapter";

/**
 * The default channel when neither SMTP nor an SMS gateway is configured: one line per message
 * in the store's structured log (order number, kind and language; never the buyer's contacts).
 */
export function createLogAdapter(write: (line: string) => void = (line) => childLogger("notification").info(line)): NotificationAdapter {
  return {
    channel: "log",
    reaches: () => true,
    async send(message) {
      write(`buyer notification (log): order ${message.orderNumber} ${message.kind} [${message.lang}] event ${message.idempotencyKey}: ${message.subject}`);
      return { ok: true };
    },
  };
}
