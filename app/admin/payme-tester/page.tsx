import type { Metadata } from "next";
import { requireAdminPage } from "@/lib/admin/context";
import { env } from "@/lib/env";
import { runPaymeTesterAction } from "./actions";
import { PaymeTesterForm } from "./tester-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Payme tester", robots: { index: false, follow: false } };

/**
 * `/admin/payme-tester`: runs the two scenarios of Payme's sandbox (test.paycom.uz) against a
 * Merchant API endpoint — ours by default — and shows a pass/fail line per check. For a signed-in
 * admin only (checked here and again inside the server action).
 */
export default async function PaymeTesterPage() {
  await requireAdminPage();
  return (
    <section style={{ padding: "1rem" }}>
      <h1>Payme sandbox scenarios</h1>
      <p style={{ maxWidth: "40rem" }}>
        The checks Payme&apos;s sandbox runs before a cashbox goes live: wrong authorization, wrong amount, unknown order,
        create and cancel, create, perform and cancel, each repeated call answered identically. Without an order number a
        new order is created through the store&apos;s API at the endpoint&apos;s address; the second scenario pays and
        refunds it.
      </p>
      <PaymeTesterForm action={runPaymeTesterAction} defaultUrl={`${env().PUBLIC_URL}/api/payme`} />
    </section>
  );
}
