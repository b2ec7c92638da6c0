import { sql } from "../../../db";
import { env } from "../../../env";
import type { MerchantDeps } from "./dispatch";
import { createMerchantDeps } from "./service";

export { createMerchantHttpHandler, handleMerchantWebRequest } from "./http";
export { sweepExpiredTransactions } from "./transactions";

let deps: MerchantDeps | undefined;

/** This process's Merchant API dependencies (database handle, settings cache). */
export function merchantDeps(): MerchantDeps {
  const appSecret = env().APP_SECRET;
  if (!appSecret) throw new Error("APP_SECRET is not set: start the store with npm start");
  deps ??= createMerchantDeps(sql(), appSecret);
  return deps;
}
