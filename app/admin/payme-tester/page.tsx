import { adminT, requireAdminPage } from "@/lib/admin/context";
import { env } from "@/lib/env";
import { runPaymeTesterAction } from "./actions";
import { PaymeTesterForm } from "./tester-form";

export const dynamic = "force-dynamic";

/**
 * `/admin/payme-tester`: runs the two scenarios of Payme's sandbox (test.paycom.uz) against a
 * Merchant API endpoint — ours by default — and shows a pass/fail line per check. For a signed-in
 * admin only (checked here and again inside the server action). Orders it creates in this store
 * are test orders, hidden from the order list unless asked for.
 */
export default async function PaymeTesterPage() {
  await requireAdminPage();
  const t = await adminT();
  return (
    <section>
      <h1>{t("tester.title")}</h1>
      <p className="adm-hint">{t("tester.intro")}</p>
      <PaymeTesterForm
        action={runPaymeTesterAction}
        defaultUrl={`${env().PUBLIC_URL}/api/payme`}
        texts={{
          url: t("tester.url"),
          key: t("tester.key"),
          order: t("tester.order"),
          amount: t("tester.amount"),
          run: t("tester.run"),
          running: t("tester.running"),
          summary: t("tester.summary", { passed: "{passed}", failed: "{failed}", endpoint: "{endpoint}" }),
          result: t("tester.result"),
          check: t("tester.check"),
          detail: t("tester.detail"),
          pass: t("tester.pass"),
          fail: t("tester.fail"),
        }}
      />
    </section>
  );
}
