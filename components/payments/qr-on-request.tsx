"use client";

import { useId, useState, useSyncExternalStore, type ReactNode } from "react";
import { useT } from "@/lib/i18n/client";

/** Where a QR code is worth showing unasked: a screen wide enough that the phone scanning it is another device. */
export const WIDE_SCREEN_QUERY = "(min-width: 56rem)";

function subscribeWide(onChange: () => void): () => void {
  const query = window.matchMedia(WIDE_SCREEN_QUERY);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/** True on a wide screen (WIDE_SCREEN_QUERY); false on the server and during hydration. */
export function useWideScreen(): boolean {
  return useSyncExternalStore(
    subscribeWide,
    () => window.matchMedia(WIDE_SCREEN_QUERY).matches,
    () => false,
  );
}

/**
 * A provider's QR code (its pay link, to scan with another phone): shown by itself on wide
 * screens; on a phone, where it would only take space, behind a "Show QR code" button
 * (aria-expanded, aria-controls) that shows and hides it. `children` is the QR's figure.
 */
export function QrOnRequest({ children }: { children: ReactNode }) {
  const t = useT();
  const wide = useWideScreen();
  const [asked, setAsked] = useState(false);
  const id = useId();
  if (wide) return <>{children}</>;
  return (
    <div className="qr-on-request">
      <button type="button" className="button--link" aria-expanded={asked} aria-controls={id} onClick={() => setAsked(!asked)}>
        {asked ? t("qr.hide") : t("qr.show")}
      </button>
      <div id={id} hidden={!asked}>
        {asked ? children : null}
      </div>
    </div>
  );
}
