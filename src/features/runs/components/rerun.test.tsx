import { describe, expect, it } from "vitest";
import { renderInLocale } from "@/test/render-in-locale";
import { RerunBar, RerunChanges } from "./rerun";

const ORIGIN = "0b6b5f0e-4a1e-4c57-9a55-3c1f3f5e2a10";
const RUN = "7c1d2e3f-4a5b-4c6d-8e7f-901234567890";

describe("Edit and rerun on the run page", () => {
  it.each(["en", "pt-BR"] as const)("links a rerun to its origin and to comparing them (%s)", (locale) => {
    const r = renderInLocale(
      locale,
      <RerunBar run={{ id: RUN, originRunId: ORIGIN }} rerunHref={`/forecast?run=${RUN}&tab=when&from=${RUN}`} />,
    );
    expect(r.errors).toEqual([]);
    expect(r.text).toContain(locale === "en" ? "Edit and rerun" : "Editar e executar de novo");
    expect(r.text).toContain(locale === "en" ? `Rerun of run ${ORIGIN.slice(0, 8)}` : ORIGIN.slice(0, 8));
    expect(r.html).toContain(`href="/runs/${ORIGIN}"`);
    expect(r.html).toContain(`href="/runs/compare?ids=${ORIGIN},${RUN}"`);
    expect(r.html).toContain(`href="/forecast?run=${RUN}&amp;tab=when&amp;from=${RUN}"`);
  });

  it("shows nothing for a run of a task without a form that is no rerun; no button without a form", () => {
    expect(renderInLocale("en", <RerunBar run={{ id: RUN, originRunId: null }} rerunHref={null} />).html).toBe("");
    const r = renderInLocale("en", <RerunBar run={{ id: RUN, originRunId: ORIGIN }} rerunHref={null} />);
    expect(r.html).not.toContain("edit-and-rerun");
    expect(r.html).toContain("compare-with-origin");
  });
});

describe("the form's changes from its origin", () => {
  it.each(["en", "pt-BR"] as const)("lists each change old → new, or says there is none yet (%s)", (locale) => {
    const none = renderInLocale(locale, <RerunChanges originRunId={ORIGIN} changes={[]} />);
    expect(none.errors).toEqual([]);
    expect(none.text).toContain(locale === "en" ? "No changes yet" : "Nenhuma alteração ainda");
    const some = renderInLocale(
      locale,
      <RerunChanges
        originRunId={ORIGIN}
        changes={[
          { path: "backlog", values: [1200, 1500], changed: true },
          {
            path: "samples",
            values: [
              [1, 2],
              [1, 2, 3],
            ],
            changed: true,
          },
          { path: "deadline", values: [undefined, "2027-01-04"], changed: true },
        ]}
      />,
    );
    expect(some.text).toContain(locale === "en" ? "Changes from run" : "Alterações em relação à execução");
    expect(some.text).not.toContain(locale === "en" ? "No changes yet" : "Nenhuma alteração ainda");
    expect(some.html.match(/data-testid="rerun-change"/g)).toHaveLength(3);
    expect(some.text).toContain(locale === "en" ? "1,200 → 1,500" : "1.200 → 1.500");
    expect(some.text).toContain("1, 2 → 1, 2, 3");
    expect(some.text).toContain("— → 2027-01-04");
  });
});
