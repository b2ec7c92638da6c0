import { sql } from "../../db";
import { env, publicUrlGiven } from "../../env";
import { requestOriginFromHeaders } from "../../http/request-origin";
import { loadTrustedProxies } from "../../http/trusted-proxies";
import { handleRobokassaReturn } from "./store-endpoints";

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

/**
 * The GET handler of Robokassa's SuccessURL (`success`) or FailURL (`fail`) route
 * (app/api/robokassa/{success,fail}/route.ts), bound to this process's database and settings:
 * `handleRobokassaReturn`'s redirect (303 to the order page) or refusal; 503 in plain text when
 * the store cannot answer now (logged without the query, which may carry a signature).
 */
export function robokassaReturnRoute(outcome: "success" | "fail"): (request: Request) => Promise<Response> {
  return async function GET(request) {
    try {
      const config = env();
      const answer = await handleRobokassaReturn(outcome, new URL(request.url).searchParams, {
        sql: sql(),
        appSecret: config.APP_SECRET!,
        // The order page on the address the shopper's browser used (never an arbitrary Host).
        publicUrl: requestOriginFromHeaders(request.headers, {
          publicUrl: config.PUBLIC_URL,
          publicUrlGiven: publicUrlGiven(),
          bindHost: config.HOST,
          trustedProxies: await loadTrustedProxies(sql()),
        }),
      });
      if (answer.kind === "redirect") return new Response(null, { status: 303, headers: { location: answer.location, "cache-control": "no-store" } });
      return text(answer.status, answer.text);
    } catch (error) {
      console.error("robokassa: return failed:", error instanceof Error ? error.message : error);
      return text(503, "Robokassa: try again later / попробуйте позже");
    }
  };
}
