import type { IncomingMessage, ServerResponse } from "node:http";
import { BodyTooLargeError, readTextLimited } from "../../http/body";
import { clickErrorCodes } from "./errors";
import { handleClickCallback, unreadable, type ClickCallbackDeps, type ClickHttpResponse } from "./handle-callback";
import { MAX_CLICK_BODY_BYTES } from "./raw-fields";
import { serializeClickAnswer, type ClickEndpoint } from "./schemas";

/**
 * The two doors to handleClickCallback: a node:http handler (the store's fast path, in front of
 * Next.js) and a Web Request handler (the Next.js route). Bodies over the limit are not read
 * past it and are answered -8, never a 500. `sourceAllowed` is the caller's allowlist decision
 * (lib/http decides the client address; true when no allowlist is set).
 */

function send(res: ServerResponse, response: ClickHttpResponse): void {
  const headers: Record<string, string | number> = { "content-length": Buffer.byteLength(response.body), "cache-control": "no-store" };
  if (response.contentType) headers["content-type"] = response.contentType;
  res.writeHead(response.status, headers);
  res.end(response.body);
}

/** node:http handler for `POST /api/click/prepare` or `/api/click/complete`. */
export function createClickHttpHandler(endpoint: ClickEndpoint, deps: ClickCallbackDeps, sourceAllowed: (req: IncomingMessage) => boolean = () => true) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_CLICK_BODY_BYTES) chunks.push(chunk);
    });
    req.on("error", () => res.destroy());
    req.on("end", () => {
      const bodyTooLarge = size > MAX_CLICK_BODY_BYTES;
      const body = bodyTooLarge ? "" : Buffer.concat(chunks).toString("utf8");
      handleClickCallback(endpoint, { method: req.method ?? "GET", contentType: req.headers["content-type"], body, bodyTooLarge, sourceAllowed: sourceAllowed(req) }, deps).then(
        (response) => send(res, response),
        // handleClickCallback does not reject; should it ever, Click still gets its format.
        () => send(res, { status: 200, contentType: "application/json; charset=utf-8", body: serializeClickAnswer(unreadable(endpoint, clickErrorCodes.failedToUpdate)) }),
      );
    });
  };
}

/** The same for a Web Request (the Next.js route handler). */
export async function handleClickWebRequest(endpoint: ClickEndpoint, request: Request, deps: ClickCallbackDeps, sourceAllowed = true): Promise<Response> {
  // Read as a stream and abandoned past the limit: a chunked body without a declared length is
  // never held whole (it once was: request.text() read all of it before the size was checked).
  let body = "";
  let bodyTooLarge = false;
  if (request.method === "POST") {
    try {
      body = await readTextLimited(request, MAX_CLICK_BODY_BYTES);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      bodyTooLarge = true;
    }
  }
  const response = await handleClickCallback(endpoint, { method: request.method, contentType: request.headers.get("content-type"), body, bodyTooLarge, sourceAllowed }, deps);
  return new Response(response.body, { status: response.status, headers: response.contentType ? { "content-type": response.contentType, "cache-control": "no-store" } : { "cache-control": "no-store" } });
}
