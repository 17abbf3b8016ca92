"use client";

/**
 * The live feed of runs (`/api/runs/events`: the viewer's runs, or everyone's for an admin with
 * `all`) as a hook: one EventSource per mounted view, each message parsed, a run's messages older than
 * one already seen dropped (the feed may replay), and whether the feed is connected. `onMessage` may
 * change between renders; the latest one is called. Used by the runs table and the console overview.
 */
import { useEffect, useRef, useState } from "react";
import type { RunMessage } from "@/runs/events";
import { parseRunMessage } from "./run-state";

export function useRealtimeRuns(o: { all: boolean; onMessage: (m: RunMessage) => void }): { connected: boolean } {
  const [connected, setConnected] = useState(false);
  const onMessage = useRef(o.onMessage);
  onMessage.current = o.onMessage;
  useEffect(() => {
    const lastSeq = new Map<string, number>();
    const es = new EventSource(o.all ? "/api/runs/events?all=1" : "/api/runs/events");
    es.onopen = () => setConnected(true);
    es.onerror = () => setConnected(false);
    es.onmessage = (e: MessageEvent<string>) => {
      const m = parseRunMessage(e.data);
      if (!m || typeof m.runId !== "string") return;
      if (m.seq !== undefined) {
        if (m.seq <= (lastSeq.get(m.runId) ?? 0)) return; // stale
        lastSeq.set(m.runId, m.seq);
      }
      onMessage.current(m);
    };
    return () => es.close();
  }, [o.all]);
  return { connected };
}

/** `fn` at most once per `ms` (the first call schedules it; later ones within the wait join it); cancelled on unmount. */
export function useCoalesced(fn: () => void, ms: number): () => void {
  const latest = useRef(fn);
  latest.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const schedule = useRef(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      latest.current();
    }, ms);
  });
  return schedule.current;
}
