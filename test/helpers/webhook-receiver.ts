// A merchant's webhook receiver for the outbox tests: a real node:http server that reads the raw
// body, verifies `Tolov-Signature` the way README's snippet does (HMAC-SHA256 over "t.body",
// constant-time), answers what the test decides per request, and records every request with the
// number of requests for the same event id in flight at that moment.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedWebhook = {
  eventId: string;
  type: string;
  idempotencyKey: string | null;
  body: string;
  signatureValid: boolean;
  /** What the receiver answered. */
  status: number;
  /** Requests for this event id in flight when this one arrived (itself included). */
  concurrent: number;
};

export type WebhookReceiver = {
  url: string;
  received: ReceivedWebhook[];
  /** Event ids answered 2xx, with how many times each. */
  accepted(): Map<string, number>;
  /** The most requests for one event id ever in flight at once. */
  maxConcurrentPerEvent(): number;
  close(): Promise<void>;
};

/** Verifies `t=<seconds>,v1=<hex>` over the raw body (README "Webhooks"). */
export function verifySignature(header: string | undefined, body: string, secret: string): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(header.split(",").map((part) => part.split("=", 2) as [string, string]));
  if (!parts.t || !parts.v1) return false;
  const expected = createHmac("sha256", secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1, "hex");
  const fresh = Math.abs(Date.now() / 1000 - Number(parts.t)) <= 300;
  return fresh && given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startWebhookReceiver(options: {
  secret: string;
  /** The status to answer; `seen` = earlier requests for this event id. */
  answer: (request: { eventId: string; seen: number }) => number;
  /** Holds each request this long before answering (so overlaps would show). */
  holdMs?: number;
}): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const inFlight = new Map<string, number>();
  let maxConcurrent = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let parsed: { id?: string; type?: string } = {};
      try {
        parsed = JSON.parse(body) as { id?: string; type?: string };
      } catch {
        // recorded as is
      }
      const eventId = String(parsed.id ?? "");
      const concurrent = (inFlight.get(eventId) ?? 0) + 1;
      inFlight.set(eventId, concurrent);
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      const seen = received.filter((entry) => entry.eventId === eventId).length;
      const status = options.answer({ eventId, seen });
      const signature = req.headers["tolov-signature"];
      received.push({
        eventId,
        type: String(parsed.type ?? ""),
        idempotencyKey: (req.headers["idempotency-key"] as string | undefined) ?? null,
        body,
        signatureValid: verifySignature(Array.isArray(signature) ? signature[0] : signature, body, options.secret),
        status,
        concurrent,
      });
      setTimeout(() => {
        inFlight.set(eventId, (inFlight.get(eventId) ?? 1) - 1);
        res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "try later");
      }, options.holdMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/tolov`,
    received,
    accepted() {
      const counts = new Map<string, number>();
      for (const entry of received) if (entry.status >= 200 && entry.status < 300) counts.set(entry.eventId, (counts.get(entry.eventId) ?? 0) + 1);
      return counts;
    },
    maxConcurrentPerEvent: () => maxConcurrent,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls `read` until `done` holds or `timeoutMs` passes; returns the last value (the test asserts on it). */
export async function waitFor<T>(read: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
