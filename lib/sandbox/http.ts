import type { IncomingMessage, ServerResponse } from "node:http";

/** Larger bodies are not a checkout form (the fiscal `detail` of a big cart stays far below this). */
export const MAX_BODY_BYTES = 512 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super("request body too large");
    this.name = "BodyTooLargeError";
  }
}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on("error", reject);
    req.on("end", () => (size > limit ? reject(new BodyTooLargeError()) : resolve(Buffer.concat(chunks).toString("utf8"))));
  });
}

/** An `application/x-www-form-urlencoded` body (what an HTML form posts). */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(req));
}

const securityHeaders = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

export function sendHtml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    ...securityHeaders,
    "content-type": "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...securityHeaders, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** 303: the browser follows with a GET (post/redirect/get). */
export function redirect(res: ServerResponse, location: string, status = 303): void {
  res.writeHead(status, { ...securityHeaders, location, "content-length": 0 });
  res.end();
}
