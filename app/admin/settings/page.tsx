import { ActionForm } from "@/components/admin/action-form";
import { SettingsSectionForm } from "@/components/admin/settings-section-form";
import { sql } from "@/lib/db";
import { env } from "@/lib/env";
import { adminT, appSecret, requireAdminPage } from "@/lib/admin/context";
import { generatedSecretNames } from "@/lib/admin/generated-secrets";
import { tDynamic } from "@/lib/admin/messages";
import { canCheckConnection } from "@/lib/admin/provider-actions";
import { callbackUrls } from "@/lib/merchant-keys/callback-urls";
import { loadSectionView } from "@/lib/merchant-keys/section-view";
import { sectionIds, sections } from "@/lib/merchant-keys/sections";
import { getLocale } from "@/lib/i18n/server";
import { checkConnectionAction, saveSettingsAction } from "../actions/settings-actions";

export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  await requireAdminPage();
  const t = await adminT();
  const locale = await getLocale();
  const secret = appSecret();
  const views = await Promise.all(sectionIds.map((id) => loadSectionView(sql(), sections[id], secret)));
  const urls = callbackUrls(env().PUBLIC_URL);
  const generated = generatedSecretNames();
  return (
    <section>
      <h1>{t("settings.title")}</h1>
      <p className="adm-hint">{t("settings.intro")}</p>
      {generated.length > 0 && <p className="adm-warning">{t("settings.generated", { names: generated.join(", ") })}</p>}
      {views.map((view) => {
        const callbacks = view.id === "admin" ? [] : urls[view.id];
        return (
          <section key={view.id} className="adm-card" aria-labelledby={`section-${view.id}`} data-section={view.id}>
            <h2 id={`section-${view.id}`}>{tDynamic(t, `section.${view.id}`)}</h2>
            {callbacks.length > 0 && (
              <div className="adm-callbacks">
                <h3>{t("settings.callbacks")}</h3>
                <dl>
                  {callbacks.map((callback) => (
                    <div key={callback.url}>
                      <dt>
                        {tDynamic(t, callback.label)} <span className="adm-muted">({callback.method})</span>
                      </dt>
                      <dd>
                        <code className="adm-mono">{callback.url}</code>
                      </dd>
                    </div>
                  ))}
                </dl>
              </div>
            )}
            <SettingsSectionForm view={view} action={saveSettingsAction} locale={locale} />
            {canCheckConnection(view.id) && (
              <ActionForm action={checkConnectionAction} fields={{ provider: view.id }} label={t("settings.check")} pendingLabel={t("action.working")} />
            )}
          </section>
        );
      })}
    </section>
  );
}
