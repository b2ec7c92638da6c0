import { sql } from "@/lib/db";
import { env } from "@/lib/env";
import { BodyTooLargeError, readTextLimited } from "@/lib/http/body";
import { handleRobokassaResult, RESULT_BODY_LIMIT_BYTES } from "@/lib/payments/robokassa/store-endpoints";

// Robokassa's ResultURL (POST or GET, as chosen in its cabinet): answers `OK{InvId}` once the
// payment is recorded, a 4xx plain-text error for anything forged or unknown. Under `npm start`
// server.ts answers this path itself (the registry's fast route); this route serves Next alone.
export const dynamic = "force-dynamic";

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

async function handle(request: Request): Promise<Response> {
  try {
    const url = new URL(request.url);
    let body: string | undefined;
    if (request.method === "POST") {
      // Read as a stream and abandoned at the limit: a chunked body is never held whole.
      try {
        body = await readTextLimited(request, RESULT_BODY_LIMIT_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return text(413, "too large");
        throw error;
      }
    }
    const config = env();
    const outcome = await handleRobokassaResult(
      { method: request.method, query: url.searchParams, body, headers: request.headers },
      { sql: sql(), appSecret: config.APP_SECRET! },
    );
    return text(outcome.status, outcome.body);
  } catch (error) {
    // Not recorded: no OK, so Robokassa notifies again.
    console.error("robokassa: ResultURL failed:", error instanceof Error ? error.message : error);
    return text(503, "try again");
  }
}

export { handle as POST, handle as GET };
