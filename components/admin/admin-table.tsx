import Link from "next/link";
import type { ReactNode } from "react";
import type { AdminTranslate } from "@/lib/i18n/admin";

/** A column of an admin table: its heading, and whether it holds amounts (right-aligned). */
export type AdminColumn = { label: string; numeric?: boolean };

/** The admin's scrollable table: headed columns, the caller's rows (`<tr>`s) as children. */
export function AdminTable({ columns, children, testId }: { columns: readonly AdminColumn[]; children: ReactNode; testId?: string }) {
  return (
    <div className="adm-table-wrap">
      <table className="adm-table" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.label} scope="col" className={column.numeric ? "adm-num" : undefined}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** "Previous · page N of M · next" under an admin list; `href(page)` builds a page's address. */
export function AdminPager({ t, page, pages, href }: { t: AdminTranslate; page: number; pages: number; href: (page: number) => string }) {
  return (
    <nav className="adm-pager" aria-label={t("orders.page", { page, pages })}>
      {page > 1 ? <Link href={href(page - 1)}>{t("orders.prev")}</Link> : <span />}
      <span>{t("orders.page", { page, pages })}</span>
      {page < pages ? <Link href={href(page + 1)}>{t("orders.next")}</Link> : <span />}
    </nav>
  );
}

/** A labelled select of a list's filter form; `anyLabel` adds a first, empty choice ("any"). */
export function AdminSelect({
  label,
  name,
  defaultValue,
  options,
  anyLabel,
}: {
  label: string;
  name: string;
  defaultValue: string;
  options: readonly { value: string; label: string }[];
  anyLabel?: string;
}) {
  return (
    <label>
      {label}
      <select name={name} defaultValue={defaultValue}>
        {anyLabel !== undefined && <option value="">{anyLabel}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
