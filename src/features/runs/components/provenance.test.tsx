import { describe, expect, it } from "vitest";
import { renderInLocale } from "@/test/render-in-locale";
import { ProvenanceCard } from "./provenance";

const HASH = "3f6b0cddba84632d90363403ecbeeef44ba7c2691afdb1d2ecccb2d3c83bc8f2";
const full = { codeVersion: "0.1.0+1a2b3c4", engineVersion: 2, seed: 42, inputHash: HASH };
const old = { codeVersion: null, engineVersion: null, seed: null, inputHash: HASH };

describe("the run page's Provenance block", () => {
  it.each(["en", "pt-BR"] as const)(
    "shows code version, engine version, seed and the short input hash (%s)",
    (locale) => {
      const r = renderInLocale(locale, <ProvenanceCard provenance={full} cachedFromId={null} />);
      expect(r.errors).toEqual([]);
      expect(r.text).toContain(locale === "en" ? "Provenance" : "Proveniência");
      expect(r.text).toContain("0.1.0+1a2b3c4");
      expect(r.html).toMatch(/data-testid="provenance-engine-version"[^>]*>2</);
      expect(r.html).toMatch(/data-testid="provenance-seed"[^>]*>42</);
      expect(r.text).toContain(HASH.slice(0, 12));
      expect(r.text).not.toContain(HASH); // shown short; the whole hash is in its title and copied by the button
      expect(r.html).toContain(`title="${HASH}"`);
    },
  );

  it.each(["en", "pt-BR"] as const)(
    "says unknown for an old run, and links a cached run to its source (%s)",
    (locale) => {
      const r = renderInLocale(
        locale,
        <ProvenanceCard provenance={old} cachedFromId="0b6b5f0e-4a1e-4c57-9a55-3c1f3f5e2a10" />,
      );
      expect(r.errors).toEqual([]);
      expect(r.text).toContain(locale === "en" ? "unknown" : "desconhecida");
      expect(r.html).toContain('href="/runs/0b6b5f0e-4a1e-4c57-9a55-3c1f3f5e2a10"');
      expect(r.text).toContain(locale === "en" ? "From cache" : "Do cache");
    },
  );
});
