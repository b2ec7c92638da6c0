"use client";

import { useCallback, useEffect, useState, type RefObject } from "react";

/**
 * Moves focus to `ref` once `ready` (e.g. the field is enabled again after a mutation): a
 * mutation's onError runs while the form is still busy and its fields still disabled, when a
 * plain `.focus()` would do nothing.
 */
export function useFocusRequest(ref: RefObject<HTMLElement | null>, ready: boolean): () => void {
  const [requested, setRequested] = useState(0);
  useEffect(() => {
    if (requested === 0 || !ready) return;
    ref.current?.focus();
    setRequested(0);
  }, [requested, ready, ref]);
  return useCallback(() => setRequested((count) => count + 1), []);
}
