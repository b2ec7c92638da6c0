import pino, { type DestinationStream, type Logger } from "pino";

/*
 * The store's structured log (issue 15 item 5): one JSON line per event, written by pino to
 * LOG_FILE (appended) or standard output, asynchronously (a SonicBoom destination: a request
 * never waits on a write; pino flushes what is buffered when the process exits).
 *
 * Server code only: nothing under components/ or a "use client" file may import lib/log
 * (lib/log/server-only.test.ts checks the import graph). Not marked `import "server-only"`,
 * because server.ts runs outside React's server environment and imports it too.
 *
 * What reaches the log is decided by construction: the helpers in ./events.ts take typed,
 * whitelisted fields (provider, method, order number, outcome, duration…) and never a request
 * body, header or settings object. The redaction below (pino's redact paths at the top level,
 * `redactNested` below it) is a second layer for anyone who logs an object anyway.
 */

/** Field names never written, wherever they appear one or two levels deep (second layer only). */
export const REDACTED_KEYS = [
  "password",
  "secret",
  "secretKey",
  "key",
  "testKey",
  "token",
  "authorization",
  "cookie",
  "card",
  "cardNumber",
  "number_card",
  "expire",
  "code",
  "smsCode",
  "phone",
  "APP_SECRET",
  "ADMIN_PASSWORD",
  "METRICS_TOKEN",
] as const;

/**
 * pino's redact paths: the top level only. Wildcard paths (`*.key`) cost 100–350 µs a line in
 * pino's redaction (measured: 10 µs → 360 µs with `*.key` and `*.*.key` for these keys), too much
 * for the payment hot path; nested objects are walked by `redactNested` instead.
 */
export const REDACT_PATHS: string[] = [...REDACTED_KEYS];

const redactedKeys = new Set<string>(REDACTED_KEYS.map((key) => key.toLowerCase()));
const CENSOR = "[redacted]";

/**
 * A copy of `value` with every field named like a secret (any case, up to `depth` levels down)
 * replaced by `[redacted]`; `value` itself when nothing matches (no copy on the usual line).
 */
export function redactNested(value: unknown, depth = 3): unknown {
  if (depth < 0 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    let changed = false;
    const copy = value.map((item) => {
      const next = redactNested(item, depth - 1);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? copy : value;
  }
  if (value instanceof Error) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const next = redactedKeys.has(key.toLowerCase()) ? CENSOR : redactNested(item, depth - 1);
    if (next !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = next;
  }
  return copy ?? value;
}

/** One logger per process, shared by server.ts and the Next.js bundles loaded in it. */
const holder = globalThis as typeof globalThis & { __tolovLogger?: Logger };

const LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

/**
 * Options of the root logger for `level` (LOG_LEVEL, default `info`): ISO time, the level as a
 * word, the redact paths. Exported for tests that log into a stream of their own.
 */
export function loggerOptions(level: string | undefined): pino.LoggerOptions {
  return {
    level: level && LEVELS.has(level) ? level : "info",
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }), log: (object) => redactNested(object) as Record<string, unknown> },
    redact: { paths: REDACT_PATHS, censor: CENSOR },
  };
}

/** A logger writing to `destination` with the store's options (tests; the root logger uses it). */
export function createLogger(destination: DestinationStream, level?: string): Logger {
  return pino(loggerOptions(level), destination);
}

/**
 * The root logger: LOG_LEVEL and LOG_FILE as the environment gives them at its first use
 * (lib/env.ts validates both at start). Asynchronous writes; flushed at exit.
 */
export function logger(): Logger {
  if (holder.__tolovLogger) return holder.__tolovLogger;
  const file = process.env.LOG_FILE?.trim();
  const destination = pino.destination({ dest: file ? file : 1, sync: false, mkdir: true, append: true });
  holder.__tolovLogger = createLogger(destination, process.env.LOG_LEVEL?.trim());
  return holder.__tolovLogger;
}

/**
 * A child logger whose every line carries `component` (`payme`, `admin`, `outbox`…) and the
 * given bindings. Bindings must be whitelisted values (ids, names, numbers), never secrets.
 */
export function childLogger(component: string, bindings: Record<string, string | number | boolean> = {}): Logger {
  return logger().child({ component, ...bindings });
}

/** Replaces the root logger (tests: a stream they read). Returns the previous one. */
export function setLogger(next: Logger | undefined): Logger | undefined {
  const previous = holder.__tolovLogger;
  holder.__tolovLogger = next;
  return previous;
}
