import { qrSvg } from "./qr-svg";

/**
 * The GET link as a QR code, drawn by us as SVG (Payme's checkout.min.js is not needed for it).
 * Pure: renders the same on the server and in the browser.
 */
export function PaymeQr({ value, title, size = 208 }: { value: string; title: string; size?: number }) {
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
      data-testid="payme-qr"
      data-value={value}
    >
      <rect width={qr.size} height={qr.size} fill="#ffffff" />
      <path d={qr.path} fill="#000000" />
    </svg>
  );
}
