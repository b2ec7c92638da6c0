import { handleMetricsRequest } from "@/lib/metrics/endpoints";

// Prometheus scrape endpoint, METRICS_TOKEN only (README "Health and metrics").
export const dynamic = "force-dynamic";

export const GET = (request: Request) => handleMetricsRequest(request);
