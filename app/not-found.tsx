import Link from "next/link";
import { ShopFrame } from "@/components/shop-frame";
import { PageTitle } from "@/components/ui/page-title";
import { getT } from "@/lib/i18n/server";

/** Unknown URLs: rendered by the root layout alone, so it brings the shop's frame itself. */
export default async function NotFound() {
  const t = await getT();
  return (
    <ShopFrame t={t}>
      <div className="empty-state">
        <PageTitle>{t("notFound.title")}</PageTitle>
        <p>{t("notFound.text")}</p>
        <Link href="/" className="button button--primary">
          {t("notFound.home")}
        </Link>
      </div>
    </ShopFrame>
  );
}
