import type { ReactNode } from "react";
import type { PaymentRequestData } from "./payment-request-client";

/**
 * A provider's hosted-checkout form (`form` of `POST /api/orders/{id}/payments`): its fields as
 * hidden inputs, submitted to the provider's page by the caller's button (`children`).
 */
export function HostedForm({ form, testId, className, children }: { form: PaymentRequestData["form"]; testId?: string; className?: string; children: ReactNode }) {
  return (
    <form method={form.method} action={form.action} className={className} data-testid={testId}>
      {Object.entries(form.fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
    </form>
  );
}
