// Moved to the Payme folder; the admin order page should take attempts from the registry
// (`provider.attempts`) and this re-export go.
export { paymeReceiptsOf } from "../../payments/payme/admin/receipt-attempts";
