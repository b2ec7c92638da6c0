"use client";

import dynamic from "next/dynamic";

/**
 * `QrCode` (./qr-code.tsx) with the `qrcode` package fetched when a QR code is first shown, not
 * with the page's first-load JavaScript (issue 15 §4). Same props; until the code is drawn, an
 * empty box of the same size keeps the layout still.
 */
export const LazyQrCode = dynamic(() => import("./qr-code").then((module) => module.QrCode), {
  ssr: false,
  loading: () => <span className="qr-placeholder" aria-hidden="true" />,
});
