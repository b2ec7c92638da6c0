/**
 * Robokassa (protocol: docs/protocols/robokassa.md). Pure pieces — signatures, amounts, the
 * Receipt, the payment form/link, the ResultURL/Success/Fail decisions — and the two API
 * clients (OpStateExt, refunds). Settings and the registry entry live beside them
 * (robokassa-settings.ts, provider.ts); the settlement core records what `record_payment` says.
 */
export * from "./addresses";
export * from "./attempt-pricing";
export * from "./callbacks";
export * from "./hash";
export * from "./messages";
export type { RobokassaTransportFailure } from "./http";
export * from "./op-state";
export * from "./out-sum";
export * from "./payment-link";
export * from "./receipt";
export * from "./refund";
export * from "./result-endpoint";
export * from "./schemas";
export * from "./signature";
