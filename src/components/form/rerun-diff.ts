/**
 * "Edit and rerun": what a form's values change from the run they were prefilled from. Both sides go
 * through the form's own way to its task input (`toCandidate`, then the task's schema with its
 * defaults), so what the form cannot show (a seed it carries over, a default it fills) is equal on
 * both sides and only what the person edited is listed. Pure.
 */
import { changedFields, type FieldDiff } from "@/domain/shared/field-diff";
import type { TabSpec } from "./form-kit";

/** The task input the form's values stand for: the schema's output when valid, else the raw candidate. */
export function normalizedInput<V, O>(spec: Pick<TabSpec<V, O>, "schema" | "toCandidate">, values: V): unknown {
  const candidate = spec.toCandidate(values);
  const parsed = spec.schema.safeParse(candidate);
  return parsed.success ? parsed.data : candidate;
}

/** The input fields that differ between the origin run's values and the form's values now (old, new). */
export function changesFrom<V, O>(spec: Pick<TabSpec<V, O>, "schema" | "toCandidate">, origin: V, now: V): FieldDiff[] {
  return changedFields([normalizedInput(spec, origin), normalizedInput(spec, now)]);
}
