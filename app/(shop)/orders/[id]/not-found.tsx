import Link from "next/link";
import { PageTitle } from "@/components/ui/page-title";
import { getT } from "@/lib/i18n/server";

export default async function OrderNotFound() {
  const t = await getT();
  return (
    <div className="empty-state">
      <PageTitle>{t("order.notFound.title")}</PageTitle>
      <p>{t("order.notFound.text")}</p>
      <Link href="/" className="button button--primary">
        {t("notFound.home")}
      </Link>
    </div>
  );
}
