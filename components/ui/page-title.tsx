import type { ReactNode } from "react";

/** Focus target after an action removes what had the focus (and after client navigations). */
export const PAGE_TITLE_ID = "page-title";

export function PageTitle({ children }: { children: ReactNode }) {
  return (
    <h1 id={PAGE_TITLE_ID} className="page-title" tabIndex={-1}>
      {children}
    </h1>
  );
}
