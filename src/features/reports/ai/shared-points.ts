/**
 * The points several answers share, without asking anyone: the sentences of the first answer that
 * have a close sentence (word overlap, Jaccard ≥ 0.3 over words of 4+ letters and numbers) in most
 * of the other answers. The consensus fallback when the consensus call fails.
 */
const sentences = (text: string) =>
  text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

function words(s: string): Set<string> {
  return new Set((s.toLowerCase().match(/[\p{L}]{4,}|\d+(?:[.,]\d+)?/gu) ?? []).map((w) => w.replace(",", ".")));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  for (const w of a) if (b.has(w)) inter++;
  return inter / (a.size + b.size - inter);
}

export function sharedPoints(answers: readonly string[], threshold = 0.3): string {
  if (answers.length === 0) return "";
  if (answers.length === 1) return answers[0]!;
  const others = answers.slice(1).map((t) => sentences(t).map(words));
  const need = Math.ceil(others.length / 2);
  const kept = sentences(answers[0]!).filter((s) => {
    const w = words(s);
    return others.filter((o) => o.some((x) => jaccard(w, x) >= threshold)).length >= need;
  });
  return kept.join(" ");
}
