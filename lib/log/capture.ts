import { Writable } from "node:stream";
import { createLogger, setLogger } from "./logger";

/**
 * For tests: replaces the root logger by one writing into memory at `info`, until `restore()`.
 * `lines` holds each JSON line written, parsed; pino writes on the next tick, so await
 * `written()` before reading it.
 */
export function captureLogLines(): { lines: Record<string, unknown>[]; written: () => Promise<void>; restore: () => void } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const previous = setLogger(createLogger(sink, "info"));
  return {
    lines,
    written: () => new Promise((resolve) => setImmediate(resolve)),
    restore: () => {
      setLogger(previous);
    },
  };
}
