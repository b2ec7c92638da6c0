import { robokassaReturnRoute } from "@/lib/payments/robokassa/return-route";

// Robokassa's SuccessURL: the Password1 signature is verified, then the shopper goes to the
// order page (paid only once ResultURL came).
export const dynamic = "force-dynamic";

export const GET = robokassaReturnRoute("success");
