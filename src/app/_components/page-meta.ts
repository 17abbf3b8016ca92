import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

/** `generateMetadata` for a page whose title is `<namespace>.<key>` (default `title`) in the messages. */
export function titleFrom(namespace: string, key = "title"): () => Promise<Metadata> {
  return async () => ({ title: (await getTranslations(namespace))(key) });
}
