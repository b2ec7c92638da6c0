import { createHmac } from "node:crypto";
import { safeEqual } from "../signature";

/**
 * `Shp_key`: our tag on an attempt, echoed by Robokassa to FailURL. FailURL is unsigned, so
 * without it anyone could walk InvIds and be redirected to each order's unguessable page; with it
 * only the shopper who came from the invoice is. 20 hex characters of HMAC-SHA256(APP_SECRET).
 */
export function robokassaReturnKey(appSecret: string, invId: bigint): string {
  return createHmac("sha256", appSecret).update(`tolov robokassa return ${invId}`).digest("hex").slice(0, 20);
}

/** Constant-time check of a `Shp_key` received on FailURL. */
export function isRobokassaReturnKey(appSecret: string, invId: bigint, received: string | null | undefined): boolean {
  return typeof received === "string" && safeEqual(received, robokassaReturnKey(appSecret, invId));
}
