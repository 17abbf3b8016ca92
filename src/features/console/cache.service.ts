/** The cache as the console shows it: this process's figures, and clearing a namespace everywhere. */
import { cache } from "@/server/cache";

export function cacheStats() {
  return cache().stats();
}

export async function clearCacheNamespace(namespace: string): Promise<{ removed: number }> {
  return { removed: await cache().clear(namespace) };
}
