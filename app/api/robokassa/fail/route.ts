import { robokassaReturnRoute } from "@/lib/payments/robokassa/return-route";

// Robokassa's FailURL (unsigned): the shopper goes back to the order page, unpaid, to try
// again. Nothing changes.
export const dynamic = "force-dynamic";

export const GET = robokassaReturnRoute("fail");
