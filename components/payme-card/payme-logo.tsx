/**
 * Payme's wordmark, drawn here (no image from Payme's CDN: nothing is fetched from the internet).
 * "pay" in ink, "me" in Payme's teal.
 */
export function PaymeLogo({ className }: { className?: string }) {
  return (
    <svg className={className} viewBox="0 0 92 30" width="92" height="30" role="img" aria-label="Payme" focusable="false" data-testid="payme-logo">
      <text
        x="1"
        y="22"
        fontFamily="Arial, Helvetica, sans-serif"
        fontSize="25"
        fontWeight="700"
        letterSpacing="-0.6"
      >
        <tspan fill="#12263a">pay</tspan>
        <tspan fill="#00b8c2">me</tspan>
      </text>
    </svg>
  );
}
