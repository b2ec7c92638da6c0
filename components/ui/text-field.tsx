"use client";

import type { InputHTMLAttributes, ReactNode, Ref } from "react";
import type { PlainMessageKey } from "@/lib/i18n/types";
import { FieldError } from "./field-error";

/**
 * One labelled text input of the shop's forms (checkout, card, saved card): its label, an
 * optional hint above the input, and its error below it. The input points at both with
 * `aria-describedby` (`{id}-hint`, `{id}-error`) and says `aria-invalid` while the error shows.
 * Every other input attribute passes through; nothing adds a `name` (card inputs must have none).
 */
export function TextField({
  id,
  label,
  hint,
  error,
  describedBy = [],
  inputRef,
  fieldClassName = "field",
  children,
  ...input
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  /** The message key of the field's error, if any. */
  error?: PlainMessageKey;
  /** Ids of other elements that describe the input, read before the hint and the error. */
  describedBy?: readonly string[];
  inputRef?: Ref<HTMLInputElement>;
  /** The wrapper's class (`field` plus any layout class); `className` is the input's. */
  fieldClassName?: string;
  /** Shown after the error (a timer, a live announcement). */
  children?: ReactNode;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "children" | "aria-invalid" | "aria-describedby">) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const described = [...describedBy, hint ? hintId : "", error ? errorId : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={fieldClassName}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <input {...input} id={id} ref={inputRef} aria-invalid={error ? true : undefined} aria-describedby={described} />
      <FieldError id={errorId} message={error} />
      {children}
    </div>
  );
}
