import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { adminT, currentSession } from "@/lib/admin/context";
import { tDynamic } from "@/lib/admin/messages";
import { integrationAdminPages } from "@/lib/payments/registry";
import { signOutAction } from "./actions/session-actions";
import "./admin.css";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await adminT();
  return { title: t("admin.title"), robots: { index: false, follow: false } };
}

/** The admin's frame. Every page and action checks the session itself; this only draws the menu. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const t = await adminT();
  const session = await currentSession();
  return (
    <div className="adm">
      <header className="adm-header">
        <strong className="adm-brand">{t("admin.title")}</strong>
        {session && (
          <nav aria-label={t("admin.title")} className="adm-nav">
            <Link href="/admin/orders">{t("nav.orders")}</Link>
            <Link href="/admin/settings">{t("nav.settings")}</Link>
            <Link href="/admin/reconciliation">{t("nav.reconciliation")}</Link>
            <Link href="/admin/audit">{t("nav.audit")}</Link>
            <Link href="/admin/webhooks">{t("nav.webhooks")}</Link>
            {integrationAdminPages.map((page) => (
              <Link key={page.path} href={page.path}>
                {tDynamic(t, page.label)}
              </Link>
            ))}
            <form action={async () => {
              "use server";
              await signOutAction();
            }}>
              <button type="submit" className="adm-link-button">
                {t("nav.signOut")}
              </button>
            </form>
          </nav>
        )}
      </header>
      <div className="adm-body">{children}</div>
    </div>
  );
}
