import type { IncomingMessage, ServerResponse } from "node:http";
import { handleMerchantRequest, type MerchantDeps, type MerchantResponse } from "./dispatch";
import { PaymeError, paymeErrorCodes } from "./errors";
import { BodyTooLargeError, CALLBACK_BODY_LIMIT, readTextLimited } from "../../../http/body";

/** Payme's requests are small; anything bigger is not a Merchant API call. */
const MAX_BODY_BYTES = CALLBACK_BODY_LIMIT;

function send(res: ServerResponse, body: MerchantResponse): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** node:http handler for `POST /api/payme` (the store's fast path, in front of Next.js). */
export function createMerchantHttpHandler(deps: MerchantDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("error", () => res.destroy());
    req.on("end", () => {
      const header = (name: string) => {
        const value = req.headers[name];
        return Array.isArray(value) ? value.join(",") : value;
      };
      handleMerchantRequest(
        {
          httpMethod: req.method ?? "GET",
          authorization: header("authorization"),
          forwardedFor: header("x-forwarded-for"),
          remoteAddress: req.socket.remoteAddress,
          body: tooLarge ? "" : Buffer.concat(chunks).toString("utf8"),
        },
        deps,
      ).then(
        (response) => send(res, response),
        () => {
          const error = new PaymeError(paymeErrorCodes.internal);
          send(res, { jsonrpc: "2.0", id: null, error: { code: error.code, message: error.localized } });
        },
      );
    });
  };
}

/** The same handler for a Web Request (the Next.js route, when the store runs without server.ts). */
export async function handleMerchantWebRequest(request: Request, deps: MerchantDeps, remoteAddress?: string): Promise<Response> {
  // Read as a stream and abandoned past the limit: a chunked body has no Content-Length to check.
  let body = "";
  if (request.method === "POST") {
    try {
      body = await readTextLimited(request, MAX_BODY_BYTES);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
    }
  }
  const response = await handleMerchantRequest(
    {
      httpMethod: request.method,
      authorization: request.headers.get("authorization") ?? undefined,
      forwardedFor: request.headers.get("x-forwarded-for") ?? undefined,
      remoteAddress,
      body,
    },
    deps,
  );
  return new Response(JSON.stringify(response), { status: 200, headers: { "content-type": "application/json; charset=utf-8" } });
}
