/** End of an integration file: close this process's pub/sub, Redis and database connections (loaded late, like the tests load them). */
export async function closeConnections(): Promise<void> {
  const [{ closePubSub }, { closeRedis }, { closeDb }] = await Promise.all([
    import("@/server/pubsub"),
    import("@/server/redis"),
    import("@/server/db"),
  ]);
  await Promise.allSettled([closePubSub(), closeRedis(), closeDb()]);
}
