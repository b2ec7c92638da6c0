import { sql } from "@/lib/db";
import { env } from "@/lib/env";
import { handleRobokassaReturn } from "@/lib/payments/robokassa/store-endpoints";

// Robokassa's FailURL (unsigned): the shopper goes back to the order page, unpaid, to try
// again. Nothing changes.
export const dynamic = "force-dynamic";

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

export async function GET(request: Request): Promise<Response> {
  try {
    const config = env();
    const outcome = await handleRobokassaReturn("fail", new URL(request.url).searchParams, {
      sql: sql(),
      appSecret: config.APP_SECRET!,
      publicUrl: config.PUBLIC_URL,
    });
    if (outcome.kind === "redirect") return new Response(null, { status: 303, headers: { location: outcome.location, "cache-control": "no-store" } });
    return text(outcome.status, outcome.text);
  } catch (error) {
    console.error("robokassa: return failed:", error instanceof Error ? error.message : error);
    return text(503, "Robokassa: try again later / попробуйте позже");
  }
}
