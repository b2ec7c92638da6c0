import type { IncomingMessage } from "node:http";
import { AppError } from "../errors";
import { jsonDepthWithin } from "./json-shape";

/** Our store API's request bodies (an order of a full cart is a few KB). */
export const STORE_API_BODY_LIMIT = 64 * 1024;
/** Providers' callbacks (Payme, Click, Robokassa): small JSON or forms. */
export const CALLBACK_BODY_LIMIT = 64 * 1024;

/** A body past its limit: the request is answered 413 and the rest is not read. */
export class BodyTooLargeError extends AppError {
  constructor(readonly limit: number) {
    super("PAYLOAD_TOO_LARGE", `The request body is larger than ${limit} bytes.`);
    this.name = "BodyTooLargeError";
  }
}

function declaredLength(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value);
}

/**
 * A Web Request's body as UTF-8 text, read as a stream and abandoned past `limit` bytes (a
 * declared Content-Length over the limit is refused before reading, a chunked body is cut off
 * as it arrives), so the process never holds more than `limit` of it. Throws BodyTooLargeError.
 */
export async function readTextLimited(request: Request, limit: number): Promise<string> {
  return (await readBytesLimited(request, limit)).toString("utf8");
}

/** `readTextLimited`'s bytes, undecoded (uploads in another encoding, e.g. 1C's windows-1251 files). */
export async function readBytesLimited(request: Request, limit: number): Promise<Buffer> {
  const declared = declaredLength(request.headers.get("content-length"));
  if (declared !== undefined && declared > limit) throw new BodyTooLargeError(limit);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The same for a node:http request (server.ts's fast paths, the sandbox). */
export function readNodeBodyLimited(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = declaredLength(req.headers["content-length"]);
    if (declared !== undefined && declared > limit) {
      req.resume(); // discard, so the answer can be written
      return reject(new BodyTooLargeError(limit));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on("error", reject);
    req.on("end", () => {
      if (!over) resolve(Buffer.concat(chunks).toString("utf8"));
    });
  });
}

/**
 * Reads a JSON body of at most `limit` bytes (default: the store API's) and nesting depth;
 * not JSON, or nested absurdly deep, is a 400 naming `body`; too big is a 413.
 */
export async function readJson(request: Request, limit = STORE_API_BODY_LIMIT): Promise<unknown> {
  const text = await readTextLimited(request, limit);
  const invalid = () =>
    new AppError("VALIDATION_FAILED", "The request body is not valid JSON.", {
      fields: [{ field: "body", message: "expected a JSON object" }],
    });
  if (!jsonDepthWithin(text)) throw invalid();
  try {
    return JSON.parse(text);
  } catch {
    throw invalid();
  }
}
