import { handleHealthRequest } from "@/lib/metrics/endpoints";

// Load balancers' probe: {ok} publicly, the details with METRICS_TOKEN (README "Health and metrics").
export const dynamic = "force-dynamic";

export const GET = (request: Request) => handleHealthRequest(request);
