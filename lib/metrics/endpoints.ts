import { sql } from "../db";
import { env } from "../env";
import { json } from "../http/response";
import { safeEqual } from "../payments/signature";
import { healthDetails, outboxBacklog, publicHealth, reservationsHeld } from "./health";
import { renderMetrics, setMetricsSources, storeMetrics } from "./metrics";

/*
 * GET /api/health and GET /api/metrics (README "Health and metrics"), for thin routes.
 * METRICS_TOKEN is presented as `Authorization: Bearer <token>` and compared in constant time.
 */

type TokenCheck = "none" | "valid" | "invalid";

/** Whether `authorization` carries METRICS_TOKEN (`none` when no Authorization header came). */
export function checkMetricsToken(authorization: string | null, token: string | undefined): TokenCheck {
  if (authorization === null || authorization === "") return "none";
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  if (!token || !match) return "invalid";
  return safeEqual(match[1]!, token) ? "valid" : "invalid";
}

const unauthorized = () => {
  const response = json({ error: { code: "UNAUTHORIZED", message: "A valid METRICS_TOKEN is required (Authorization: Bearer …)." } }, 401);
  response.headers.set("www-authenticate", 'Bearer realm="tolov-metrics"');
  return response;
};

/**
 * `GET /api/health`: `200 {ok: true}` or `503 {ok: false}` (the database does not answer), for
 * load balancers. With METRICS_TOKEN set and presented, the details (`HealthDetails`); a
 * presented token that is wrong is answered 401 (none presented: the public answer).
 */
export async function handleHealthRequest(request: Request): Promise<Response> {
  const config = env();
  const check = config.METRICS_TOKEN ? checkMetricsToken(request.headers.get("authorization"), config.METRICS_TOKEN) : "none";
  if (check === "invalid") return unauthorized();
  try {
    const body = check === "valid" ? await healthDetails(sql(), config.DATABASE_URL) : await publicHealth(sql());
    return json(body, body.ok ? 200 : 503);
  } catch {
    // A read after the first one failed or timed out: the database is not healthy.
    return json({ ok: false }, 503);
  }
}

/** The scrape-time gauges read this process's database (set at the first scrape). */
function ensureMetricsSources(): void {
  if (storeMetrics().sources.current) return;
  setMetricsSources({
    reservationsHeld: () => reservationsHeld(sql(), Date.now()),
    outboxBacklog: () => outboxBacklog(sql()),
  });
}

/**
 * `GET /api/metrics`: this instance's metrics in Prometheus' text format. 404 when METRICS_TOKEN
 * is not set (metrics are off), 401 without the token. A database that does not answer leaves
 * the callback metrics readable: the scrape-time gauges are left out then (503 would lose them).
 */
export async function handleMetricsRequest(request: Request): Promise<Response> {
  const config = env();
  if (!config.METRICS_TOKEN) return json({ error: { code: "NOT_FOUND", message: "Metrics are off: set METRICS_TOKEN." } }, 404);
  if (checkMetricsToken(request.headers.get("authorization"), config.METRICS_TOKEN) !== "valid") return unauthorized();
  ensureMetricsSources();
  const { body, contentType } = await renderMetrics();
  return new Response(body, { status: 200, headers: { "content-type": contentType, "cache-control": "no-store" } });
}
