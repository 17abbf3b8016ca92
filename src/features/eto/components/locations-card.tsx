"use client";

import { useMemo, useState } from "react";
import { FormProvider, useFormContext } from "react-hook-form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DeleteButton } from "@/components/ui/confirm-button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Table, TableHead, Td } from "@/components/ui/table";
import { useFieldError } from "@/components/form/fields";
import { rootError, setServerErrors, useSchemaForm } from "@/components/form/use-schema-form";
import { useTRPC } from "@/trpc/react";
import { draftOf, EMPTY_LOCATION, locationSpec, type LocationDraft } from "./eto-form-spec";
import { useEtoFormat } from "./use-eto-format";
import { FormAlert } from "@/components/form/form-alert";

/** One field of the location form, with its message (inside the form's FormProvider). */
function LocationField({ name, hint, numeric }: { name: keyof LocationDraft; hint?: string; numeric?: boolean }) {
  const t = useTranslations("Eto");
  const { register } = useFormContext<LocationDraft>();
  return (
    <Field label={t(name)} hint={hint} error={useFieldError(name)}>
      <Input inputMode={numeric ? "decimal" : undefined} {...register(name)} />
    </Field>
  );
}

/** Name, latitude, longitude, elevation (empty → looked up) and time zone, each with its message. */
function LocationFields() {
  const t = useTranslations("Eto");
  return (
    <>
      <LocationField name="name" />
      <LocationField name="timezone" hint={t("timezoneHint")} />
      <LocationField name="latitude" hint={t("latitudeHint")} numeric />
      <LocationField name="longitude" hint={t("longitudeHint")} numeric />
      <LocationField name="elevation" hint={t("elevationHint")} numeric />
    </>
  );
}

/** The saved locations: the list (edit, delete) and a form to add one or edit the chosen one. */
export function LocationsCard({ onCreated }: { onCreated?: (id: string) => void }) {
  const t = useTranslations("Eto");
  const fmt = useEtoFormat();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.eto.locations.list.queryOptions());
  const invalidate = () => void qc.invalidateQueries({ queryKey: trpc.eto.locations.list.queryKey() });

  const [editing, setEditing] = useState<{ id: string; name: string; elevationLookedUp: boolean } | null>(null);
  const spec = useMemo(() => locationSpec(editing ?? undefined), [editing]);
  const form = useSchemaForm(spec, EMPTY_LOCATION);
  const reset = () => {
    setEditing(null);
    form.reset(EMPTY_LOCATION);
  };

  const create = useMutation(
    trpc.eto.locations.create.mutationOptions({
      onSuccess: (l) => {
        invalidate();
        reset();
        onCreated?.(l.id);
      },
      onError: (err) => void setServerErrors(form, spec, err),
    }),
  );
  const update = useMutation(
    trpc.eto.locations.update.mutationOptions({
      onSuccess: () => {
        invalidate();
        reset();
      },
      onError: (err) => void setServerErrors(form, spec, err),
    }),
  );
  const remove = useMutation(trpc.eto.locations.remove.mutationOptions({ onSuccess: invalidate }));
  const saving = editing ? update : create;
  const formError = rootError(form.formState.errors);

  const submit = form.handleSubmit((input) => {
    if (editing) update.mutate(input as Parameters<typeof update.mutate>[0]);
    else create.mutate(input as Parameters<typeof create.mutate>[0]);
  });

  const rows = list.data ?? [];
  const title = editing ? t("editLocation", { name: editing.name }) : t("newLocation");
  return (
    <Card data-testid="eto-locations">
      <CardHeader title={t("locationsTitle")} />
      {list.isSuccess && rows.length === 0 ? (
        <p className="text-sm text-slate-500">{t("locationsEmpty")}</p>
      ) : (
        <Table data-testid="locations-table">
          <TableHead
            columns={[
              t("colName"),
              t("colCoordinates"),
              t("colElevation"),
              t("colTimezone"),
              { label: t("colActions"), srOnly: true },
            ]}
          />
          <tbody>
            {rows.map((l) => (
              <tr key={l.id}>
                <Td className="font-medium">{l.name}</Td>
                <Td className="tabular-nums">
                  {fmt.coord(l.latitude)}, {fmt.coord(l.longitude)}
                </Td>
                <Td className="tabular-nums">
                  {l.elevation === null ? "—" : t("elevationValue", { value: fmt.num(l.elevation, 0) })}{" "}
                  <Badge>{l.elevationSource === "lookup" ? t("elevationLookedUp") : t("elevationEntered")}</Badge>
                </Td>
                <Td>{l.timezone ?? "—"}</Td>
                <Td className="whitespace-nowrap text-right">
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => {
                      setEditing({ id: l.id, name: l.name, elevationLookedUp: l.elevationSource === "lookup" });
                      form.reset(draftOf(l));
                    }}
                  >
                    {t("edit")}
                  </Button>
                  <DeleteButton t={t} remove={remove} id={l.id} name={l.name} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <FormProvider {...form}>
        <form
          noValidate
          aria-label={title}
          className="mt-6 grid gap-4 border-t border-slate-100 pt-4 md:grid-cols-2"
          onSubmit={(e) => void submit(e)}
        >
          <h3 className="text-sm font-semibold text-slate-800 md:col-span-2">{title}</h3>
          <LocationFields />
          <div className="flex items-center gap-3 md:col-span-2">
            <Button type="submit" disabled={saving.isPending} aria-busy={saving.isPending || undefined}>
              {editing ? t("saveLocation") : t("addLocation")}
            </Button>
            {editing && (
              <Button variant="secondary" onClick={reset}>
                {t("cancelEdit")}
              </Button>
            )}
          </div>
          <FormAlert message={formError} className="md:col-span-2" />
        </form>
      </FormProvider>
    </Card>
  );
}
