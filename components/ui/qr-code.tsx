import { qrSvg } from "./qr-svg";

/**
 * A link as a QR code, drawn by us as SVG (no provider script needed), for every provider's pay
 * link (Payme's, Click's). Pure: renders the same on the server and in the browser. `testId`
 * names it for the e2e specs (`payme-qr`, `click-qr`); `data-value` carries the link.
 */
export function QrCode({ value, title, size = 208, testId }: { value: string; title: string; size?: number; testId?: string }) {
  const qr = qrSvg(value);
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${qr.size} ${qr.size}`}
      width={size}
      height={size}
      role="img"
      aria-label={title}
      shapeRendering="crispEdges"
      data-testid={testId}
      data-value={value}
    >
      <rect width={qr.size} height={qr.size} fill="#ffffff" />
      <path d={qr.path} fill="#000000" />
    </svg>
  );
}
