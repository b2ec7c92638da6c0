import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";

/** SQLite waits this long for another connection's write lock before failing. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

export type DatabaseKind = "sqlite" | "postgresql";

export function databaseKind(url: string): DatabaseKind {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(`DATABASE_URL: expected file:<path> or postgresql://…, got "${url.split(":")[0]}:…"`);
}

/** Absolute path of a `file:` URL, resolved against the working directory; creates its folder. */
export function sqlitePath(url: string): string {
  const path = resolve(url.replace(/^file:(\/\/)?/, "").replace(/\?.*$/, ""));
  mkdirSync(dirname(path), { recursive: true });
  return path;
}
