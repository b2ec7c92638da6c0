import { z } from "zod";

/**
 * Payme's Subscribe API wire messages (we call Payme): one schema per method's params and one per
 * its result. Source: ../shared/docs/protocols/payme-subscribe-api.md and Payme's "Методы
 * Subscribe API". Results are `looseObject`s: Payme adds fields over time and we must not break
 * on them; params are strict about what we send.
 *
 * This file is safe in the browser (zod only).
 */

/** Tiyin within JSON's exact range. */
const tiyin = z
  .number()
  .int()
  .positive()
  .refine((value) => Number.isSafeInteger(value), "beyond JSON's exact integers");
const nonNegativeTiyin = z.number().int().nonnegative();
/** Milliseconds since the epoch; 0 when unset. */
const milliseconds = z.number().int().nonnegative();

export const cardToken = z.string().min(1).max(4096);
export const receiptId = z.string().min(1).max(64);
/** 16 digits, no spaces (strip them before sending). */
export const cardNumber = z.string().regex(/^\d{16}$/, "expected 16 digits");
/** MMYY, as Payme takes it (`0399` for 03/99). */
export const cardExpire = z.string().regex(/^(0[1-9]|1[0-2])\d{2}$/, "expected MMYY");
/** Payme's phone format: country code and number, digits only (`998901304527`). */
export const paymePhone = z.string().regex(/^\d{9,15}$/, "expected digits only, e.g. 998901304527");

/** The account object of the cashbox (`{order_id: 197}`). */
export const accountInput = z.record(z.string(), z.union([z.string(), z.number()]));

/** A card as Payme returns it; `number` is masked (`860006******6311`), `expire` `03/99`. */
export const card = z.looseObject({
  number: z.string(),
  expire: z.string(),
  token: z.string(),
  recurrent: z.boolean(),
  verify: z.boolean(),
});
export type Card = z.infer<typeof card>;

// ---- cards.create (browser) ----
export const cardsCreateParams = z.object({
  card: z.object({ number: cardNumber, expire: cardExpire }),
  /** true: a token for later payments; false (default): one payment, deleted after it. */
  save: z.boolean().optional(),
  account: z.record(z.string(), z.unknown()).optional(),
  /** Any id of the shopper (phone, uid, e-mail). */
  customer: z.string().max(256).optional(),
});
export const cardsCreateResult = z.object({ card });

// ---- cards.get_verify_code (browser) ----
export const cardsGetVerifyCodeParams = z.object({ token: cardToken });
export const cardsGetVerifyCodeResult = z.looseObject({
  sent: z.boolean(),
  /** Masked: `99890*****31`. */
  phone: z.string(),
  /** How long the code is valid, ms. */
  wait: z.number().int().nonnegative(),
});

// ---- cards.verify (browser) ----
export const cardsVerifyParams = z.object({ token: cardToken, code: z.string().regex(/^\d{4,8}$/, "expected the SMS code's digits") });
export const cardsVerifyResult = z.object({ card });

// ---- cards.check, cards.remove (server) ----
export const cardsCheckParams = z.object({ token: cardToken });
export const cardsCheckResult = z.object({ card });
export const cardsRemoveParams = z.object({ token: cardToken });
export const successResult = z.looseObject({ success: z.boolean() });

// ---- fiscal detail (receipts.create; the same shape as the Merchant API's) ----
export const fiscalItem = z.object({
  title: z.string().min(1),
  /** Per unit, tiyin. */
  price: nonNegativeTiyin,
  count: z.number().positive(),
  /** IKPU (MXIK) code. */
  code: z.string().min(1),
  package_code: z.string(),
  vat_percent: z.number().nonnegative(),
  units: z.number().int().optional(),
  /** For the whole line (count included), tiyin. */
  discount: nonNegativeTiyin.optional(),
});
export const fiscalDetail = z.object({
  /** Sale/refund = 0. */
  receipt_type: z.number().int(),
  shipping: z.object({ title: z.string(), price: nonNegativeTiyin }).optional(),
  items: z.array(fiscalItem),
});
export type FiscalDetailInput = z.infer<typeof fiscalDetail>;

/**
 * Receipt states (Payme's "Состояния чека"): 0 created; 1 first checks (transaction being created
 * in the merchant's billing); 2 debiting the card; 3 closing the transaction in the billing; 4
 * paid; 5 held; 6 hold command received; 20 paused for manual intervention; 21 queued for cancel;
 * 30 queued for closing in the billing; 50 cancelled.
 */
export const ReceiptState = {
  created: 0,
  checking: 1,
  debiting: 2,
  closing: 3,
  paid: 4,
  held: 5,
  holdRequested: 6,
  paused: 20,
  cancelQueued: 21,
  closeQueued: 30,
  cancelled: 50,
} as const;
export type ReceiptStateCode = (typeof ReceiptState)[keyof typeof ReceiptState];
export const receiptState = z.number().int();

const localizedText = z.union([z.string(), z.record(z.string(), z.string())]);

/** A receipt as Payme returns it (receipts.create/pay/cancel/get/confirm_hold, get_all's items). */
export const receipt = z.looseObject({
  _id: z.string().min(1),
  create_time: milliseconds,
  pay_time: milliseconds,
  cancel_time: milliseconds,
  state: receiptState,
  type: z.number().int().optional(),
  external: z.boolean().optional(),
  operation: z.number().optional(),
  category: z.unknown().optional(),
  error: z.unknown().optional(),
  description: z.string().nullable().optional(),
  detail: z.looseObject({}).nullable().optional(),
  amount: nonNegativeTiyin,
  /** ISO 4217 numeric: 860 = UZS. */
  currency: z.number().int().optional(),
  commission: z.number().optional(),
  account: z.array(
    z.looseObject({
      name: z.string(),
      title: localizedText.optional(),
      value: z.union([z.string(), z.number()]),
      main: z.boolean().optional(),
    }),
  ),
  /** Masked number and expiry of the card that paid, or null. */
  card: z.looseObject({ number: z.string(), expire: z.string() }).nullable().optional(),
  merchant: z.looseObject({ _id: z.string() }).optional(),
  meta: z.unknown().optional(),
  processing_id: z.unknown().optional(),
});
export type Receipt = z.infer<typeof receipt>;
export const receiptResult = z.object({ receipt });

// ---- receipts.create ----
export const receiptsCreateParams = z.object({
  amount: tiyin,
  account: accountInput,
  description: z.string().max(1000).optional(),
  detail: fiscalDetail.optional(),
  /** Hold the funds instead of debiting them (also needed on receipts.pay). */
  hold: z.boolean().optional(),
});

// ---- receipts.pay ----
export const payer = z.object({
  id: z.string().max(128).optional(),
  phone: paymePhone.optional(),
  email: z.string().max(256).optional(),
  name: z.string().max(256).optional(),
  ip: z.string().max(64).optional(),
});
export const receiptsPayParams = z.object({
  id: receiptId,
  token: cardToken,
  /** For Payme's anti-fraud. */
  payer: payer.optional(),
  hold: z.boolean().optional(),
});

// ---- receipts.send ----
export const receiptsSendParams = z.object({ id: receiptId, phone: paymePhone });

// ---- receipts.cancel, receipts.check, receipts.get, receipts.confirm_hold ----
export const receiptIdParams = z.object({ id: receiptId });
export const receiptsCheckResult = z.looseObject({ state: receiptState });

// ---- receipts.get_all ----
export const receiptsGetAllParams = z.object({
  count: z.number().int().min(1).max(50),
  from: milliseconds,
  to: milliseconds,
  offset: z.number().int().nonnegative(),
});
export const receiptsGetAllResult = z.array(receipt);

// ---- receipts.set_fiscal_data ----
export const fiscalData = z.object({
  /** An integer here (the Merchant API's SetFiscalData may send a string). */
  receipt_id: z.number().int(),
  qr_code_url: z.string().min(1),
  status_code: z.number().int().optional(),
  message: z.string().optional(),
  terminal_id: z.string().optional(),
  date: z.string().optional(),
  fiscal_sign: z.string().optional(),
});
export const receiptsSetFiscalDataParams = z.object({ id: receiptId, fiscal_data: fiscalData });

/**
 * Every method: its params and result schemas, and who may call it. `browser` methods take
 * `X-Auth: {id}`; `server` methods `X-Auth: {id}:{key}` (the key never reaches the browser).
 */
export const subscribeMethods = {
  "cards.create": { side: "browser", params: cardsCreateParams, result: cardsCreateResult },
  "cards.get_verify_code": { side: "browser", params: cardsGetVerifyCodeParams, result: cardsGetVerifyCodeResult },
  "cards.verify": { side: "browser", params: cardsVerifyParams, result: cardsVerifyResult },
  "cards.check": { side: "server", params: cardsCheckParams, result: cardsCheckResult },
  "cards.remove": { side: "server", params: cardsRemoveParams, result: successResult },
  "receipts.create": { side: "server", params: receiptsCreateParams, result: receiptResult },
  "receipts.pay": { side: "server", params: receiptsPayParams, result: receiptResult },
  "receipts.send": { side: "server", params: receiptsSendParams, result: successResult },
  "receipts.cancel": { side: "server", params: receiptIdParams, result: receiptResult },
  "receipts.check": { side: "server", params: receiptIdParams, result: receiptsCheckResult },
  "receipts.get": { side: "server", params: receiptIdParams, result: receiptResult },
  "receipts.get_all": { side: "server", params: receiptsGetAllParams, result: receiptsGetAllResult },
  "receipts.set_fiscal_data": { side: "server", params: receiptsSetFiscalDataParams, result: successResult },
  "receipts.confirm_hold": { side: "server", params: receiptIdParams, result: receiptResult },
} as const;

export type SubscribeMethod = keyof typeof subscribeMethods;
export type BrowserMethod = { [M in SubscribeMethod]: (typeof subscribeMethods)[M]["side"] extends "browser" ? M : never }[SubscribeMethod];
export type SubscribeParams<M extends SubscribeMethod> = z.input<(typeof subscribeMethods)[M]["params"]>;
export type SubscribeResult<M extends SubscribeMethod> = z.output<(typeof subscribeMethods)[M]["result"]>;

export const browserMethods: ReadonlySet<SubscribeMethod> = new Set(
  (Object.keys(subscribeMethods) as SubscribeMethod[]).filter((method) => subscribeMethods[method].side === "browser"),
);

/** The JSON-RPC answer: `result`, or `error` with `message` as a string or `{ru, uz, en}`. */
export const rpcErrorObject = z.looseObject({
  code: z.number().int(),
  message: localizedText.optional(),
  data: z.unknown().optional(),
});
export const rpcFailure = z.looseObject({ error: rpcErrorObject });
export const rpcSuccess = z.looseObject({ result: z.unknown() });
