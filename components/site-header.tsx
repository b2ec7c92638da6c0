import Link from "next/link";
import { CartLink } from "./cart/cart-link";
import { LanguageSwitcher } from "./language-switcher";

export const SHOP_NAME = "Tolov demo shop";

export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link href="/" className="site-header__brand">
          <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
            <rect width="32" height="32" rx="8" fill="#0b4f8a" />
            <path d="M8 11h16M16 11v13" stroke="#fff" strokeWidth="3.2" strokeLinecap="round" />
            <circle cx="23.5" cy="22.5" r="2.5" fill="#f2b134" />
          </svg>
          <span>{SHOP_NAME}</span>
        </Link>
        <div className="site-header__actions">
          <LanguageSwitcher />
          <CartLink />
        </div>
      </div>
    </header>
  );
}
