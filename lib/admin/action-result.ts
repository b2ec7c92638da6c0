import type { ActionFailure, ActionSuccess } from "../action-result";

/** What every admin server action returns: the shared shape (lib/action-result.ts) with a message on success. */
export type ActionOk<T extends object = object> = ActionSuccess<{ message: string } & T>;
export type ActionFail = ActionFailure<AdminErrorCode>;
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
