import { clickCallbackDeps } from "@/lib/payments/click/callbacks";
import { handleClickWebRequest } from "@/lib/payments/click/http";

// Click SHOP API Complete (docs/protocols/click.md). Under `npm start`, server.ts answers this path
// before Next.js (the registry's fast route); this route serves the same handler when Next runs alone.
export const dynamic = "force-dynamic";

const handle = (request: Request) => handleClickWebRequest("complete", request, clickCallbackDeps());
export { handle as POST, handle as GET, handle as PUT, handle as DELETE, handle as PATCH };
