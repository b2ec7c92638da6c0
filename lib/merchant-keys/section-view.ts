import type { SqlExecutor } from "../db/sql";
import type { FieldView } from "./form-fields";
import type { SectionId, SectionSpec } from "./sections";
import { maskStoredSecret, readSection } from "./stored-section";

/** What a section's form may show in the browser: plain values, and for secrets only a mask. */
export type SectionView = {
  id: SectionId;
  fields: FieldView[];
  values: Record<string, string>;
  secrets: Record<string, { set: boolean; masked: string; undecryptable: boolean }>;
};

export async function loadSectionView(sql: SqlExecutor, spec: SectionSpec, appSecret: string): Promise<SectionView> {
  const stored = await readSection(sql, spec, appSecret);
  const values: Record<string, string> = {};
  const secrets: SectionView["secrets"] = {};
  for (const field of spec.fields) {
    const value = stored.get(field.name);
    if (spec.secrets.includes(field.name)) {
      if (value && "undecryptable" in value) secrets[field.name] = { set: true, masked: "", undecryptable: true };
      else if (value?.value) secrets[field.name] = { set: true, masked: maskStoredSecret(value.value), undecryptable: false };
      else secrets[field.name] = { set: false, masked: "", undecryptable: false };
      continue;
    }
    values[field.name] = value && "value" in value ? value.value : (spec.defaults[field.name] ?? "");
  }
  return { id: spec.id, fields: spec.fields, values, secrets };
}
