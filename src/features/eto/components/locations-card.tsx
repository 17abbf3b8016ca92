"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Table, Td, Th } from "@/components/ui/table";
import { fieldErrors } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";
import { checkLocation, draftOf, EMPTY_LOCATION, type LocationDraft } from "./eto-form-spec";
import { useEtoFormat } from "./use-eto-format";

type Errors = Record<string, string>;

/** Name, latitude, longitude, elevation (empty → looked up) and time zone, each with its message. */
function LocationFields({
  draft,
  onChange,
  errors,
}: {
  draft: LocationDraft;
  onChange: (d: LocationDraft) => void;
  errors: Errors;
}) {
  const t = useTranslations("Eto");
  const field = (key: keyof LocationDraft, hint?: string, numeric = false) => (
    <Field label={t(key)} hint={hint} error={errors[key]}>
      <Input
        inputMode={numeric ? "decimal" : undefined}
        value={draft[key]}
        onChange={(e) => onChange({ ...draft, [key]: e.target.value })}
      />
    </Field>
  );
  return (
    <>
      {field("name")}
      {field("timezone", t("timezoneHint"))}
      {field("latitude", t("latitudeHint"), true)}
      {field("longitude", t("longitudeHint"), true)}
      {field("elevation", t("elevationHint"), true)}
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
  const [draft, setDraft] = useState<LocationDraft>(EMPTY_LOCATION);
  const [clientErrors, setClientErrors] = useState<Errors>({});
  const reset = () => {
    setEditing(null);
    setDraft(EMPTY_LOCATION);
    setClientErrors({});
  };

  const create = useMutation(
    trpc.eto.locations.create.mutationOptions({
      onSuccess: (l) => {
        invalidate();
        reset();
        onCreated?.(l.id);
      },
    }),
  );
  const update = useMutation(
    trpc.eto.locations.update.mutationOptions({
      onSuccess: () => {
        invalidate();
        reset();
      },
    }),
  );
  const remove = useMutation(trpc.eto.locations.remove.mutationOptions({ onSuccess: invalidate }));
  const saving = editing ? update : create;
  const errors = { ...fieldErrors(saving.error), ...clientErrors };

  const submit = () => {
    const r = checkLocation(draft, editing ?? undefined);
    if (!r.ok) return setClientErrors(r.errors);
    setClientErrors({});
    if (editing) update.mutate(r.input as Parameters<typeof update.mutate>[0]);
    else create.mutate(r.input as Parameters<typeof create.mutate>[0]);
  };

  const rows = list.data ?? [];
  const title = editing ? t("editLocation", { name: editing.name }) : t("newLocation");
  return (
    <Card data-testid="eto-locations">
      <CardHeader title={t("locationsTitle")} />
      {list.isSuccess && rows.length === 0 ? (
        <p className="text-sm text-slate-500">{t("locationsEmpty")}</p>
      ) : (
        <Table data-testid="locations-table">
          <thead>
            <tr>
              <Th scope="col">{t("colName")}</Th>
              <Th scope="col">{t("colCoordinates")}</Th>
              <Th scope="col">{t("colElevation")}</Th>
              <Th scope="col">{t("colTimezone")}</Th>
              <Th scope="col">
                <span className="sr-only">{t("colActions")}</span>
              </Th>
            </tr>
          </thead>
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
                      setDraft(draftOf(l));
                      setClientErrors({});
                    }}
                  >
                    {t("edit")}
                  </Button>
                  <ConfirmButton
                    size="sm"
                    variant="danger"
                    disabled={remove.isPending}
                    question={t("confirmDelete", { name: l.name })}
                    onConfirm={() => remove.mutate({ id: l.id })}
                  >
                    {t("delete")}
                  </ConfirmButton>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <form
        noValidate
        aria-label={title}
        className="mt-6 grid gap-4 border-t border-slate-100 pt-4 md:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h3 className="text-sm font-semibold text-slate-800 md:col-span-2">{title}</h3>
        <LocationFields draft={draft} onChange={setDraft} errors={errors} />
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
        {saving.error && Object.keys(fieldErrors(saving.error)).length === 0 && (
          <p role="alert" className="text-sm text-red-700 md:col-span-2">
            {saving.error.message}
          </p>
        )}
      </form>
    </Card>
  );
}
