"use client";

/** A provider's buttons could not be prepared: what went wrong, and (unless `onRetry` is absent) a retry link. */
export function RetryNotice({ message, retryLabel, onRetry }: { message: string; retryLabel: string; onRetry?: () => void }) {
  return (
    <div className="notice notice--warning" role="alert">
      <span>{message}</span>{" "}
      {onRetry ? (
        <button type="button" className="button--link" onClick={onRetry}>
          {retryLabel}
        </button>
      ) : null}
    </div>
  );
}
