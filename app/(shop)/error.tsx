"use client";

import { PageTitle } from "@/components/ui/page-title";
import { useT } from "@/lib/i18n/client";

export default function PageError({ retry }: { error: unknown; retry: () => void }) {
  const t = useT();
  return (
    <div className="empty-state" role="alert">
      <PageTitle>{t("error.title")}</PageTitle>
      <p>{t("error.text")}</p>
      <button type="button" className="button button--primary" onClick={() => retry()}>
        {t("error.retry")}
      </button>
    </div>
  );
}
