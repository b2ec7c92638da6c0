import { handleMerchantWebRequest, merchantDeps } from "@/lib/payments/payme/merchant-api";

// Payme Merchant API (JSON-RPC). Under `npm start`, server.ts answers this path itself before
// Next.js (see README "Performance"); this route serves the same handler when Next runs alone.
export const dynamic = "force-dynamic";

const handle = (request: Request) => handleMerchantWebRequest(request, merchantDeps());
export { handle as POST, handle as GET, handle as PUT, handle as DELETE, handle as PATCH };
