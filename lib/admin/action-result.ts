/** What every admin server action returns: never a throw across the wire (STYLE.md). */
export type ActionOk<T extends object = object> = { ok: true; message: string } & T;
export type ActionFail = {
  ok: false;
  /** A sentence for the merchant, in the admin's language. */
  error: string;
  code: AdminErrorCode;
  fieldErrors?: Record<string, string>;
};
export type ActionResult<T extends object = object> = ActionOk<T> | ActionFail;

export type AdminErrorCode =
  | "unauthorized"
  | "cross_site"
  | "invalid"
  | "not_found"
  | "conflict"
  | "throttled"
  | "locked"
  | "wrong_password"
  | "provider_error"
  | "not_available"
  | "internal";
