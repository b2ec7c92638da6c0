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
 * body, header or settings object. The redact paths below are a second layer for anyone who
 * logs an object anyway.
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

export const REDACT_PATHS: string[] = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

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
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
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
