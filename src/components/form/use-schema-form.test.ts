/** The plain forms' kit: the server's schema checks the form's values, and server field errors land on fields. */
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { UseFormReturn } from "react-hook-form";
import { resolverSchema } from "./form-kit";
import { checkWith, flatSpec, setServerErrors } from "./use-schema-form";

const ZThing = z.object({
  id: z.uuid(),
  name: z.string().trim().min(1, "name is required"),
  count: z.number({ error: "count must be a number" }).int("count must be a whole number"),
});
type Values = { name: string; count: string };
const id = "00000000-0000-4000-8000-000000000000";
const spec = flatSpec({
  schema: ZThing,
  toCandidate: (v: Values) => ({ id, name: v.name, count: v.count === "" ? undefined : Number(v.count) }),
  fields: ["name", "count"],
  rename: { total: "count" },
  preCheck: (v: Values) => (v.name === "forbidden" ? [{ path: ["name"], message: "not that name" }] : []),
});

/** A stand-in for react-hook-form's setError/getValues/clearErrors. */
function fakeForm(values: Values) {
  const errors: Record<string, { type: string; message: string }> = {};
  const setError = vi.fn(
    (name: string, e: { type: string; message: string }, _o?: { shouldFocus?: boolean }) => void (errors[name] = e),
  );
  const form = { getValues: () => values, setError, clearErrors: vi.fn() } as unknown as UseFormReturn<Values>;
  return { form, errors, setError };
}

describe("flatSpec with resolverSchema", () => {
  it("returns the server's input when the values pass its schema", () => {
    const r = resolverSchema(spec).safeParse({ name: " Ana ", count: "3" });
    expect(r.success && r.data).toEqual({ id, name: "Ana", count: 3 });
  });

  it("puts each schema issue on the field of the same name, first message per field", () => {
    const r = resolverSchema(spec).safeParse({ name: "", count: "1.5" });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues).toEqual([
      ["name", "name is required"],
      ["count", "count must be a whole number"],
    ]);
  });

  it("runs the pre-check first and keeps its message over the schema's", () => {
    const r = resolverSchema(spec).safeParse({ name: "forbidden", count: "" });
    expect(r.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["name", "not that name"],
      ["count", "count must be a number"],
    ]);
  });
});

describe("setServerErrors", () => {
  it("lands the server's field errors on their fields (renamed ones too), the first focused", () => {
    const { form, errors, setError } = fakeForm({ name: "x", count: "1" });
    const err = {
      message: "name: taken",
      data: {
        fields: [
          { path: "name", message: "name: taken" },
          { path: "name", message: "a second message for name" },
          { path: "total", message: "total too high" },
        ],
      },
    };
    expect(setServerErrors(form, spec, err)).toBe(2);
    expect(errors).toEqual({
      name: { type: "server", message: "name: taken" },
      count: { type: "server", message: "total too high" },
    });
    expect(setError.mock.calls[0]![2]).toEqual({ shouldFocus: true });
    expect(setError.mock.calls[1]![2]).toEqual({ shouldFocus: false });
  });

  it("makes an error without fields the form's whole error, worded by the caller", () => {
    const { form, errors } = fakeForm({ name: "x", count: "1" });
    expect(setServerErrors(form, spec, { message: "Too many requests" }, (m) => `Failed: ${m}`)).toBe(0);
    expect(errors).toEqual({ "root.server": { type: "server", message: "Failed: Too many requests" } });
  });

  it("keeps what names no field as the whole error beside the placed ones", () => {
    const { form, errors } = fakeForm({ name: "x", count: "1" });
    const err = {
      message: "id",
      data: {
        fields: [
          { path: "count", message: "bad count" },
          { path: "id", message: "bad id" },
        ],
      },
    };
    setServerErrors(form, spec, err);
    expect(errors["count"]?.message).toBe("bad count");
    expect(errors["root.server"]?.message).toBe("bad id");
  });
});

describe("checkWith", () => {
  it("checks with another spec: the input, or null with the issues on the fields", () => {
    const ok = fakeForm({ name: "Ana", count: "2" });
    expect(checkWith(ok.form, spec)).toEqual({ id, name: "Ana", count: 2 });
    const bad = fakeForm({ name: "", count: "2" });
    expect(checkWith(bad.form, spec)).toBeNull();
    expect(bad.errors["name"]?.message).toBe("name is required");
  });
});
