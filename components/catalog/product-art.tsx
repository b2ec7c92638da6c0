import type { ReactNode } from "react";

// Drawn inline: the store fetches nothing from the internet, and a tile per `image` key is enough.
const tiles: Record<string, { background: string; art: ReactNode }> = {
  kazan: {
    background: "#f6e3c8",
    art: (
      <>
        <path d="M14 30h36l-3 16a8 8 0 0 1-8 6H25a8 8 0 0 1-8-6z" fill="#2f2f35" />
        <rect x="12" y="26" width="40" height="6" rx="3" fill="#44444c" />
        <path d="M10 33c-4 0-4 7 0 7M54 33c4 0 4 7 0 7" stroke="#2f2f35" strokeWidth="3" fill="none" />
        <path d="M26 22c-2-4 2-6 0-10M32 22c-2-4 2-6 0-10M38 22c-2-4 2-6 0-10" stroke="#c8a27a" strokeWidth="2" fill="none" strokeLinecap="round" />
      </>
    ),
  },
  teapot: {
    background: "#dcebf7",
    art: (
      <>
        <ellipse cx="30" cy="38" rx="16" ry="13" fill="#1f5fa8" />
        <path d="M45 34c6-2 9-8 11-12" stroke="#1f5fa8" strokeWidth="4" fill="none" strokeLinecap="round" />
        <path d="M15 33c-6 0-7 9-1 10" stroke="#1f5fa8" strokeWidth="3.5" fill="none" />
        <rect x="24" y="21" width="12" height="5" rx="2.5" fill="#13406f" />
        <circle cx="30" cy="19" r="2.5" fill="#13406f" />
        <path d="M19 38c4-5 7 5 11 0s7 5 11 0" stroke="#f4f8fc" strokeWidth="2" fill="none" />
        <circle cx="30" cy="45" r="2" fill="#f2b134" />
      </>
    ),
  },
  piyola: {
    background: "#e4eef8",
    art: (
      <>
        <path d="M8 30h22a11 11 0 0 1-22 0z" fill="#f9fbfd" stroke="#1f5fa8" strokeWidth="2" />
        <path d="M34 34h22a11 11 0 0 1-22 0z" fill="#f9fbfd" stroke="#1f5fa8" strokeWidth="2" />
        <path d="M12 34c3 3 5-3 8 0s5-3 7 0M38 38c3 3 5-3 8 0s5-3 7 0" stroke="#1f5fa8" strokeWidth="2" fill="none" />
        <path d="M21 20h22a11 11 0 0 1-22 0z" fill="#f9fbfd" stroke="#1f5fa8" strokeWidth="2" />
        <circle cx="32" cy="25" r="2.5" fill="#1f5fa8" />
      </>
    ),
  },
  scarf: {
    background: "#fbe3ea",
    art: (
      <>
        <rect x="18" y="8" width="28" height="48" rx="3" fill="#b8205a" />
        <path d="M18 16l7 6-7 6 7 6-7 6 7 6-7 6" stroke="#f2b134" strokeWidth="4" fill="none" />
        <path d="M46 16l-7 6 7 6-7 6 7 6-7 6 7 6" stroke="#2a8c82" strokeWidth="4" fill="none" />
        <path d="M32 12v40" stroke="#fff" strokeWidth="3" strokeDasharray="6 4" />
      </>
    ),
  },
  suzani: {
    background: "#f3ead9",
    art: (
      <>
        <rect x="10" y="10" width="44" height="44" rx="4" fill="#fdf8ee" stroke="#b23a2e" strokeWidth="2" />
        <circle cx="32" cy="32" r="13" fill="#b23a2e" />
        <circle cx="32" cy="32" r="7" fill="#f2b134" />
        <circle cx="32" cy="32" r="3" fill="#2a5d8a" />
        <circle cx="17" cy="17" r="4" fill="#2a5d8a" />
        <circle cx="47" cy="17" r="4" fill="#2a5d8a" />
        <circle cx="17" cy="47" r="4" fill="#2a5d8a" />
        <circle cx="47" cy="47" r="4" fill="#2a5d8a" />
      </>
    ),
  },
  doppi: {
    background: "#e9e9e4",
    art: (
      <>
        <path d="M14 46l4-18q14-8 28 0l4 18z" fill="#1d1d1f" />
        <rect x="12" y="44" width="40" height="6" rx="2" fill="#1d1d1f" />
        <ellipse cx="24" cy="37" rx="3" ry="5.5" transform="rotate(-25 24 37)" fill="#f4f4f0" />
        <ellipse cx="40" cy="37" rx="3" ry="5.5" transform="rotate(25 40 37)" fill="#f4f4f0" />
        <ellipse cx="32" cy="30" rx="2.4" ry="4" fill="#f4f4f0" />
        <path d="M14 47h36" stroke="#f4f4f0" strokeWidth="1.5" strokeDasharray="2 2" />
      </>
    ),
  },
  apricot: {
    background: "#fdebd3",
    art: (
      <>
        <circle cx="24" cy="36" r="11" fill="#f08a24" />
        <circle cx="40" cy="34" r="10" fill="#f5a03c" />
        <circle cx="32" cy="45" r="9" fill="#e47a1b" />
        <path d="M24 28c-2 2-2 6 0 8M40 27c-2 2-2 5 0 7" stroke="#c4621a" strokeWidth="1.6" fill="none" />
        <path d="M39 24c3-6 9-7 12-5-3 4-8 6-12 5z" fill="#4f8a3a" />
      </>
    ),
  },
  tea: {
    background: "#e2f1e1",
    art: (
      <>
        <rect x="18" y="14" width="28" height="38" rx="3" fill="#2f7d4a" />
        <rect x="18" y="14" width="28" height="8" fill="#24613a" />
        <text x="32" y="42" textAnchor="middle" fontSize="13" fontWeight="700" fill="#f2e6b8" fontFamily="sans-serif">
          95
        </text>
        <path d="M25 29c4-6 10-6 14 0-4 4-10 4-14 0z" fill="#9fd18b" />
      </>
    ),
  },
  stamp: {
    background: "#efe4d6",
    art: (
      <>
        <rect x="29" y="8" width="6" height="22" rx="3" fill="#8a5a34" />
        <ellipse cx="32" cy="38" rx="18" ry="8" fill="#b98a5e" />
        <ellipse cx="32" cy="36" rx="18" ry="8" fill="#d0a57a" />
        <path d="M20 45v5M26 46v6M32 46v6M38 46v6M44 45v5" stroke="#6f6f73" strokeWidth="2" strokeLinecap="round" />
      </>
    ),
  },
  earbuds: {
    background: "#e7e9f2",
    art: (
      <>
        <rect x="16" y="30" width="32" height="22" rx="11" fill="#fdfdff" stroke="#8b90a6" strokeWidth="2" />
        <path d="M16 40h32" stroke="#8b90a6" strokeWidth="1.5" />
        <circle cx="32" cy="46" r="1.6" fill="#35b56a" />
        <path d="M22 12a6 6 0 1 1 0 12v8" stroke="#fdfdff" strokeWidth="5" fill="none" strokeLinecap="round" />
        <path d="M42 12a6 6 0 1 0 0 12v8" stroke="#fdfdff" strokeWidth="5" fill="none" strokeLinecap="round" />
        <circle cx="22" cy="18" r="6" fill="none" stroke="#8b90a6" strokeWidth="1.5" />
        <circle cx="42" cy="18" r="6" fill="none" stroke="#8b90a6" strokeWidth="1.5" />
      </>
    ),
  },
};

const fallbackTile = {
  background: "#ecebe6",
  art: (
    <>
      <path d="M16 24l16-8 16 8v20l-16 8-16-8z" fill="#c9b89b" />
      <path d="M16 24l16 8 16-8M32 32v20" stroke="#9c8a6d" strokeWidth="2" fill="none" />
    </>
  ),
};

/** A decorative picture for a product: its title says what it is. */
export function ProductArt({ image, className }: { image: string; className?: string }) {
  const tile = tiles[image] ?? fallbackTile;
  return (
    // The background fills the whole box, also where the square drawing leaves room.
    <svg
      className={className}
      viewBox="0 0 64 64"
      style={{ background: tile.background }}
      aria-hidden="true"
      focusable="false"
    >
      {tile.art}
    </svg>
  );
}
