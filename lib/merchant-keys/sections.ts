import type { SettingsSection } from "../payments/provider";
import { integrations, type IntegrationId } from "../payments/registry";
import { ADMIN_PREFIX, adminSecurityFields, adminSecurityForm } from "./admin-security-settings";

/**
 * Every settings form of the admin: each integration's section from the registry
 * (lib/payments/registry.ts), then the admin's own. `secrets` are encrypted at rest and never
 * leave the server; `liveRequires` must be set before the section's mode can be `live`.
 */
export type SectionId = IntegrationId | "admin";
export type SectionSpec = SettingsSection<SectionId>;

const adminSection: SettingsSection<"admin"> = {
  id: "admin",
  prefix: ADMIN_PREFIX,
  form: adminSecurityForm,
  fields: adminSecurityFields,
  secrets: [],
  defaults: { trustedProxies: "" },
};

const allSections: readonly SectionSpec[] = [...integrations.map((integration) => integration.settings), adminSection];

export const sectionIds: readonly SectionId[] = allSections.map((section) => section.id);

export const sections: Readonly<Record<SectionId, SectionSpec>> = Object.fromEntries(allSections.map((section) => [section.id, section])) as Record<
  SectionId,
  SectionSpec
>;

export function isSectionId(value: unknown): value is SectionId {
  return typeof value === "string" && (sectionIds as readonly string[]).includes(value);
}
