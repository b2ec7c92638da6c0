/**
 * What every server action returns, shopper's and admin's alike (STYLE.md, after saleor): a
 * business outcome is a value, never a throw across the wire.
 * - `ok: true` plus the action's own fields;
 * - `ok: false` with `error`, a sentence in the user's language, `code`, a machine reason the
 *   UI may branch on, and `fieldErrors` (field name → sentence) for forms.
 */
export type ActionSuccess<T extends object = object> = { ok: true } & T;
export type ActionFailure<Code extends string = string> = {
  ok: false;
  error: string;
  code: Code;
  fieldErrors?: Record<string, string>;
};
export type ActionResult<T extends object = object, Code extends string = string> = ActionSuccess<T> | ActionFailure<Code>;
