import { appendFile, mkdir, readFile, rm, stat } from "node:fs/promises";
import { join, resolve, sep } from "node:path";

/*
 * The per-session upload area under DATA_DIR (`<DATA_DIR>/exchange-1c/<session>/`): chunks of
 * `mode=file` are appended in order; `mode=init` empties it. Names come from 1C's `filename=`,
 * possibly a Windows or Unix path: only a safe base name is kept, and every path is checked to
 * stay inside the area.
 */

/** One chunk at most (answered as `file_limit` at init). */
export const FILE_LIMIT_BYTES = 512 * 1024;
/** One file at most, all chunks together. */
export const FILE_TOTAL_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * `C:\\v8_8789_c.xml`, `../../etc/passwd`, `orders.xml` → `v8_8789_c.xml`, `passwd`, `orders.xml`:
 * the last path segment, letters, digits, `.`, `_`, `-` only, no leading dot, at most 100
 * characters. Null when nothing safe is left.
 */
export function safeBaseName(raw: string | null | undefined): string | null {
  const last = (raw ?? "").split(/[\\/]/).pop() ?? "";
  const cleaned = last.normalize("NFC").replace(/[^\p{L}\p{N}._-]/gu, "_").replace(/^[.]+/, "").slice(0, 100);
  return cleaned && /[\p{L}\p{N}]/u.test(cleaned) ? cleaned : null;
}

export class UploadArea {
  readonly root: string;
  constructor(dataDir: string, sessionId: string) {
    if (!/^[0-9a-f]{64}$/.test(sessionId)) throw new RangeError("a session id is a SHA-256 in hex");
    this.root = resolve(dataDir, "exchange-1c", sessionId.slice(0, 32));
  }

  #path(name: string): string {
    const path = resolve(join(this.root, name));
    if (!path.startsWith(this.root + sep)) throw new RangeError("outside the upload area");
    return path;
  }

  async clear(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }

  /** Appends a chunk; false when the file would exceed FILE_TOTAL_LIMIT_BYTES. */
  async append(name: string, chunk: Uint8Array): Promise<boolean> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    const path = this.#path(name);
    const size = await stat(path).then((info) => info.size, () => 0);
    if (size + chunk.byteLength > FILE_TOTAL_LIMIT_BYTES) return false;
    await appendFile(path, chunk, { mode: 0o600 });
    return true;
  }

  /** The file's bytes, or null when this session uploaded no such file. */
  async read(name: string): Promise<Buffer | null> {
    return readFile(this.#path(name)).catch(() => null);
  }
}
