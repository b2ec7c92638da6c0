import { sql } from "@/lib/db";
import { env } from "@/lib/env";
import { BodyTooLargeError, readBytesLimited } from "@/lib/http/body";
import { clientAddress } from "@/lib/http/client-address";
import { loadTrustedProxies } from "@/lib/http/trusted-proxies";
import { handleExchange } from "@/lib/exchange-1c/exchange-protocol";
import { FILE_LIMIT_BYTES } from "@/lib/exchange-1c/upload-area";

// 1C's CommerceML exchange (type=sale): checkauth → init → query → success, file → import.
// Thin: the raw body and two headers go to lib/exchange-1c/exchange-protocol.ts.
export const dynamic = "force-dynamic";

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

async function handle(request: Request): Promise<Response> {
  try {
    const body = request.method === "POST" ? await readBytesLimited(request, FILE_LIMIT_BYTES) : Buffer.alloc(0);
    const config = env();
    const answer = await handleExchange(
      {
        method: request.method,
        query: new URL(request.url).searchParams,
        authorization: request.headers.get("authorization"),
        cookie: request.headers.get("cookie"),
        clientAddress: clientAddress(request.headers, await loadTrustedProxies(sql())),
        body,
      },
      { sql: sql(), appSecret: config.APP_SECRET!, dataDir: config.DATA_DIR, importBatch: config.TOLOV_1C_IMPORT_BATCH },
    );
    const headers = new Headers({ "content-type": answer.contentType, "cache-control": "no-store" });
    if (answer.setCookie) headers.set("set-cookie", answer.setCookie);
    return new Response(typeof answer.body === "string" ? answer.body : new Uint8Array(answer.body), { status: answer.status, headers });
  } catch (error) {
    if (error instanceof BodyTooLargeError) return text(413, `failure\na chunk is at most ${FILE_LIMIT_BYTES} bytes`);
    console.error("1c: exchange failed:", error instanceof Error ? error.message : error);
    return text(503, "failure\ntry again");
  }
}

export { handle as GET, handle as POST };
