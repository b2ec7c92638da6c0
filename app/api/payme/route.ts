import { stampedRemoteAddress } from "@/lib/http/client-address";
import { handleMerchantWebRequest, merchantDeps } from "@/lib/payments/payme/merchant-api";

// Payme Merchant API (JSON-RPC). Under `npm start`, server.ts answers this path itself before
// Next.js (see README "Performance"); this route serves the same handler when Next runs alone.
export const dynamic = "force-dynamic";

// server.ts stamps the socket's address on every request it hands to Next.js.
const handle = (request: Request) =>
  handleMerchantWebRequest(request, merchantDeps(), stampedRemoteAddress(request.headers));
export { handle as POST, handle as GET, handle as PUT, handle as DELETE, handle as PATCH };
