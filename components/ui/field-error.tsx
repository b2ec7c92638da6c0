"use client";

import { useT } from "@/lib/i18n/client";
import type { PlainMessageKey } from "@/lib/i18n/types";

/** A field's error in the shopper's language; nothing at all when there is none. */
export function FieldError({ id, message }: { id: string; message: PlainMessageKey | undefined }) {
  const t = useT();
  if (!message) return null;
  return (
    <p id={id} className="field-error">
      {t(message)}
    </p>
  );
}
