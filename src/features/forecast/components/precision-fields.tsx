"use client";

/** The forms' optional "Stop when P85 is known to ±N days" (precision-spec.ts): off by default. */
import { useWatch } from "react-hook-form";
import { useTranslations } from "next-intl";
import { CheckboxField, SelectField, TextField } from "@/components/form/fields";

/** `items`: "how many" (within counts items, no unit to pick); else days or periods. */
export function PrecisionFields({ items }: { items?: boolean }) {
  const t = useTranslations("Precision");
  const [on, percentile, within = "", unit] = useWatch({
    name: ["precisionOn", "precisionPercentile", "precisionWithin", "precisionUnit"],
  }) as [boolean | undefined, string | undefined, string | undefined, string | undefined];
  const n = Number(within);
  return (
    <div className="space-y-2" data-testid="precision-fields">
      <CheckboxField name="precisionOn" label={t("toggle")} />
      {on && (
        <>
          <div className="grid gap-3 sm:grid-cols-3">
            <TextField name="precisionPercentile" label={t("percentile")} numeric />
            <TextField name="precisionWithin" label={t("within")} numeric />
            {!items && (
              <SelectField
                name="precisionUnit"
                label={t("unit")}
                options={[
                  { value: "days", label: t("unitDays") },
                  { value: "periods", label: t("unitPeriods") },
                ]}
              />
            )}
          </div>
          {within.trim() !== "" && Number.isFinite(n) && (
            <p className="text-sm text-slate-700" data-testid="precision-summary">
              {t("summary", {
                percentile: percentile ?? "",
                amount: t("amount", { unit: items ? "items" : (unit ?? "days"), n }),
              })}
            </p>
          )}
          <p className="text-xs text-slate-500">{t("hint")}</p>
        </>
      )}
    </div>
  );
}
