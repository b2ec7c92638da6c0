// Callbacks as Payme, Click and Robokassa send them, correctly signed, for tests that drive many
// payment lifecycles against running stores (crash safety, two instances, fuzzing). The
// credentials are made up per test run and given to the store through its environment.
import { createHash, randomBytes } from "node:crypto";
import { newPaymeId } from "@/lib/payments/payme/sandbox-scenarios";
import type { EnvOverrides } from "./app";

export type CallbackCredentials = {
  paymeKey: string;
  clickServiceId: string;
  clickSecret: string;
  robokassaPassword1: string;
  robokassaPassword2: string;
  appSecret: string;
  /** The store's environment for these credentials (sandbox mode, md5 for Robokassa). */
  env: EnvOverrides;
};

/** Fresh credentials for all three providers. */
export function callbackCredentials(): CallbackCredentials {
  const paymeKey = `test-key-${randomBytes(12).toString("base64url")}`;
  const clickSecret = `click-secret-${randomBytes(8).toString("hex")}`;
  const robokassaPassword1 = `p1-${randomBytes(9).toString("base64url")}`;
  const robokassaPassword2 = `p2-${randomBytes(9).toString("base64url")}`;
  const appSecret = randomBytes(32).toString("base64url");
  const clickServiceId = "31001";
  return {
    paymeKey,
    clickServiceId,
    clickSecret,
    robokassaPassword1,
    robokassaPassword2,
    appSecret,
    env: {
      PAYMENTS_MODE: "sandbox",
      APP_SECRET: appSecret,
      ADMIN_PASSWORD: `admin-${randomBytes(9).toString("base64url")}`,
      PAYME_MERCHANT_ID: "5e730e8e0b852a417aa49ceb",
      PAYME_TEST_KEY: paymeKey,
      CLICK_SERVICE_ID: clickServiceId,
      CLICK_MERCHANT_ID: "42002",
      CLICK_MERCHANT_USER_ID: "53003",
      CLICK_SECRET_KEY: clickSecret,
      ROBOKASSA_LOGIN: "tolov-robust-shop",
      ROBOKASSA_TEST_PASSWORD1: robokassaPassword1,
      ROBOKASSA_TEST_PASSWORD2: robokassaPassword2,
      ROBOKASSA_PASSWORD3: `p3-${randomBytes(9).toString("base64url")}`,
      ROBOKASSA_HASH: "md5",
    },
  };
}

const md5 = (text: string) => createHash("md5").update(text, "utf8").digest("hex");

/** Tiyin → Click's decimal sum ("125000.00"). */
export const clickAmount = (tiyin: string | bigint) => `${BigInt(tiyin) / 100n}.${String(BigInt(tiyin) % 100n).padStart(2, "0")}`;

let nextClickTransId = 7_000_000_000n + BigInt(Date.now() % 1_000_000) * 1000n + BigInt(process.pid % 1000);
/** A click_trans_id not used before in this process. */
export const newClickTransId = () => String((nextClickTransId += 1000n));

export type ClickInput = {
  click_trans_id: string;
  merchant_trans_id: string;
  amount: string;
  /** Present: a Complete; absent: a Prepare. */
  merchant_prepare_id?: string;
  error?: string;
  action?: string;
  /** Default: now in Tashkent time. */
  sign_time?: string;
  click_paydoc_id?: string;
};

/** A Prepare's or Complete's form fields with Click's md5 `sign_string`. */
export function clickFields(credentials: Pick<CallbackCredentials, "clickServiceId" | "clickSecret">, input: ClickInput): Record<string, string> {
  const complete = input.merchant_prepare_id !== undefined;
  const fields: Record<string, string> = {
    click_trans_id: input.click_trans_id,
    service_id: credentials.clickServiceId,
    click_paydoc_id: input.click_paydoc_id ?? String(BigInt(input.click_trans_id.replace(/\D/g, "") || "0") + 5n),
    merchant_trans_id: input.merchant_trans_id,
    ...(complete ? { merchant_prepare_id: input.merchant_prepare_id! } : {}),
    amount: input.amount,
    action: input.action ?? (complete ? "1" : "0"),
    error: input.error ?? "0",
    error_note: "Success",
    sign_time: input.sign_time ?? new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 19).replace("T", " "),
  };
  fields.sign_string = md5(
    fields.click_trans_id! +
      fields.service_id +
      credentials.clickSecret +
      fields.merchant_trans_id +
      (complete ? fields.merchant_prepare_id : "") +
      fields.amount +
      fields.action +
      fields.sign_time,
  );
  return fields;
}

/** ResultURL fields as Robokassa signs them: md5(OutSum:InvId:Password2[:Shp_… sorted]), upper case. */
export function robokassaResultFields(password2: string, outSum: string, invId: string, shp: Record<string, string>): Record<string, string> {
  const tail = Object.keys(shp)
    .sort()
    .map((name) => `:${name}=${shp[name]}`)
    .join("");
  return { OutSum: outSum, InvId: invId, SignatureValue: md5(`${outSum}:${invId}:${password2}${tail}`).toUpperCase(), IsTest: "1", ...shp };
}

/** The Shp_ fields of a Robokassa payment form (what Robokassa echoes to ResultURL). */
export function shpOf(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([name]) => name.startsWith("Shp_")));
}

/** Basic authorization of Payme's Merchant API calls. */
export const paymeAuthorization = (key: string) => `Basic ${Buffer.from(`Paycom:${key}`, "utf8").toString("base64")}`;

/** A JSON-RPC body of the Merchant API. */
export const paymeBody = (method: string, params: unknown, id: number | string = 1) => JSON.stringify({ jsonrpc: "2.0", id, method, params });

export { newPaymeId };
