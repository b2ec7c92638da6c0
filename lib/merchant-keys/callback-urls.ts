import type { CallbackUrl } from "../payments/provider";
import { integrations, type IntegrationId } from "../payments/registry";

export type { CallbackUrl } from "../payments/provider";

/**
 * The addresses to paste into each provider's cabinet, from PUBLIC_URL (DESIGN.md "Endpoints
 * for providers"), as each registry entry declares them. `label` is an admin message key.
 */
export function callbackUrls(publicUrl: string): Record<IntegrationId, CallbackUrl[]> {
  const base = publicUrl.replace(/\/+$/, "");
  return Object.fromEntries(integrations.map((integration) => [integration.id, integration.callbackUrls?.({ publicUrl: base }) ?? []])) as Record<
    IntegrationId,
    CallbackUrl[]
  >;
}
