import { redirect } from "next/navigation";
import { SignInForm } from "@/components/admin/sign-in-form";
import { adminT, currentSession } from "@/lib/admin/context";
import { adminPasswordSource } from "@/lib/admin/generated-secrets";
import { env } from "@/lib/env";
import { getLocale } from "@/lib/i18n/server";
import { signInAction } from "./actions/session-actions";

export const dynamic = "force-dynamic";

/** `/admin`: the sign-in form, or the orders once signed in. */
export default async function AdminHome({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await currentSession()) redirect("/admin/orders");
  const t = await adminT();
  const signedOut = (await searchParams).signedOut === "1";
  const password = adminPasswordSource(env().DATA_DIR);
  const hint = password.generated ? t("signIn.hintGenerated", { file: password.file }) : t("signIn.hint");
  return (
    <section className="adm-narrow">
      <h1>{t("signIn.title")}</h1>
      {signedOut && (
        <p className="adm-ok" role="status">
          {t("signIn.signedOut")}
        </p>
      )}
      <SignInForm action={signInAction} locale={await getLocale()} hint={hint} />
    </section>
  );
}
