import nodemailer from "nodemailer";
import { errorText } from "../attempt-result";
import type { NotificationAdapter } from "./adapter";

/**
 * Buyer e-mails over SMTP (`SMTP_URL`, e.g. `smtps://user:password@smtp.example.uz:465`) with
 * nodemailer, from `from`. The event id goes in the `Message-ID` (`<outbox-<id>@host>`), so a
 * repeated delivery is the same message to mail clients that deduplicate.
 */
export function createEmailAdapter(options: { smtpUrl: string; from: string; timeoutMs?: number }): NotificationAdapter {
  const timeout = options.timeoutMs ?? 15_000;
  // Timeouts of the SMTP dialogue, so a silent server fails the attempt (and it is retried).
  const transport = nodemailer.createTransport({ url: options.smtpUrl, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  const host = (options.from.split("@")[1] ?? "tolov.invalid").replace(/[>\s]/g, "");
  return {
    channel: "email",
    reaches: (contacts) => Boolean(contacts.email),
    async send(message) {
      if (!message.email) return { ok: false, error: "no e-mail address" };
      try {
        await transport.sendMail({
          from: options.from,
          to: message.email,
          subject: message.subject,
          text: message.text,
          messageId: `<outbox-${message.idempotencyKey}@${host}>`,
          headers: { "Content-Language": message.lang },
        });
        return { ok: true };
      } catch (error) {
        return { ok: false, error: `smtp: ${errorText(error)}` };
      }
    },
  };
}
