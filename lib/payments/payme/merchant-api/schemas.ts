import { z } from "zod";

/**
 * The Merchant API's wire messages (Payme calls us). One schema per method's params; a param
 * of the wrong type is -32600 (protocol file, "General errors").
 */
export const paymeRequestEnvelope = z.object({
  jsonrpc: z.literal("2.0").optional(),
  id: z.union([z.number(), z.string(), z.null()]).optional(),
  method: z.string().min(1),
  params: z.record(z.string(), z.unknown()),
});
export type PaymeRequestEnvelope = z.infer<typeof paymeRequestEnvelope>;

/** Tiyin: a positive integer within JSON's exact range (beyond 2^53 JSON loses precision). */
const amount = z
  .number()
  .int()
  .positive()
  .refine((value) => Number.isSafeInteger(value));
const milliseconds = z
  .number()
  .int()
  .nonnegative()
  .refine((value) => Number.isSafeInteger(value));
/** Payme's ids are 24 hex characters; anything outside printable ASCII is not an id (and NUL breaks SQL). */
const transactionId = z.string().regex(/^[\x21-\x7e]{1,64}$/);
const account = z.record(z.string(), z.unknown());

export const checkPerformTransactionParams = z.object({ amount, account });
export const createTransactionParams = z.object({ id: transactionId, time: milliseconds, amount, account });
export const performTransactionParams = z.object({ id: transactionId });
export const cancelTransactionParams = z.object({ id: transactionId, reason: z.number().int() });
export const checkTransactionParams = z.object({ id: transactionId });
export const getStatementParams = z.object({ from: milliseconds, to: milliseconds });
export const changePasswordParams = z.object({ password: z.string().min(1).max(200) });

/** SetFiscalData answers bad params with -32602, not -32600 (protocol file). */
export const fiscalData = z.object({
  receipt_id: z.union([z.number().int(), z.string().min(1)]),
  status_code: z.number().int().optional(),
  message: z.string().optional(),
  terminal_id: z.string().optional(),
  fiscal_sign: z.string().optional(),
  qr_code_url: z.string().optional(),
  date: z.union([z.string(), z.number()]).optional(),
});
export const setFiscalDataParams = z.object({
  id: transactionId,
  type: z.enum(["PERFORM", "CANCEL"]),
  fiscal_data: fiscalData,
});

export type CheckPerformTransactionParams = z.infer<typeof checkPerformTransactionParams>;
export type CreateTransactionParams = z.infer<typeof createTransactionParams>;
export type CancelTransactionParams = z.infer<typeof cancelTransactionParams>;
export type GetStatementParams = z.infer<typeof getStatementParams>;
export type SetFiscalDataParams = z.infer<typeof setFiscalDataParams>;

/** Fiscal detail of CheckPerformTransaction (and of Subscribe receipts.create). */
export type FiscalItem = {
  title: string;
  price: number;
  count: number;
  code: string;
  package_code: string;
  vat_percent: number;
  units?: number;
  discount?: number;
};
export type FiscalDetail = { receipt_type: 0; items: FiscalItem[]; shipping?: { title: string; price: number } };
