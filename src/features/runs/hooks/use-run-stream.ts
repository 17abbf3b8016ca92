"use client";

/**
 * Live state of one run: `runs.get` for the snapshot, then `GET /api/runs/<id>/events` (SSE) for
 * what happens next. Older messages never overwrite newer state (see run-state.ts); the
 * EventSource is closed on a terminal status or `event: end` (else the browser reconnects), and
 * `runs.get` is refetched then to pick up the result.
 */
import { useEffect, useReducer, useRef, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import type { RunMessage } from "@/runs/events";
import { isTerminal } from "@/runs/status";
import { applyMessage, mergeSnapshot, parseRunMessage, type LiveRunState } from "./run-state";

type Action =
  | { kind: "snapshot"; snapshot: Parameters<typeof mergeSnapshot>[1] }
  | { kind: "message"; message: RunMessage }
  | { kind: "reset" };

function reducer(state: LiveRunState | null, a: Action): LiveRunState | null {
  if (a.kind === "reset") return null;
  if (a.kind === "snapshot") return mergeSnapshot(state, a.snapshot);
  return applyMessage(state, a.message);
}

export type StreamState = "idle" | "connecting" | "open" | "reconnecting" | "closed";

export interface UseRunStreamOptions {
  /** Called for every message received (replayed or live), e.g. to extend a timeline. */
  onMessage?: (m: RunMessage) => void;
}

export function useRunStream(runId: string | null, opts: UseRunStreamOptions = {}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery({
    ...trpc.runs.get.queryOptions({ id: runId ?? "" }),
    enabled: !!runId,
    staleTime: 0,
    // Safety net if live delivery stalls: the database is the truth.
    refetchInterval: (q) => (q.state.data && !isTerminal(q.state.data.status) ? 15_000 : false),
  });
  const [live, dispatch] = useReducer(reducer, null);
  const [stream, setStream] = useState<StreamState>("idle");
  const onMessage = useRef(opts.onMessage);
  onMessage.current = opts.onMessage;

  // A different run: forget the previous one's live state.
  useEffect(() => dispatch({ kind: "reset" }), [runId]);

  const snap = query.data && query.data.id === runId ? query.data : undefined;
  useEffect(() => {
    if (snap) dispatch({ kind: "snapshot", snapshot: snap });
  }, [snap]);

  const snapshotTerminal = snap ? isTerminal(snap.status) : true;
  const startSeq = snap?.eventSeq;
  const haveSnapshot = snap !== undefined;
  useEffect(() => {
    if (!runId || !haveSnapshot || snapshotTerminal) return;
    let closed = false;
    // Only what happened after the snapshot; on reconnect the browser sends Last-Event-ID itself.
    const es = new EventSource(`/api/runs/${runId}/events?lastEventId=${startSeq ?? 0}`);
    setStream("connecting");
    const finish = () => {
      if (closed) return;
      closed = true;
      es.close();
      setStream("closed");
      void queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ id: runId }) });
      void queryClient.invalidateQueries({ queryKey: trpc.runs.events.queryKey({ id: runId }) });
    };
    es.onopen = () => setStream("open");
    const onData = (e: MessageEvent<string>) => {
      const m = parseRunMessage(e.data);
      if (!m) return;
      dispatch({ kind: "message", message: m });
      onMessage.current?.(m);
      if (m.type === "status" && isTerminal(m.status)) finish();
    };
    es.onmessage = onData;
    // Partial results come as their own event type (`event: partial`).
    es.addEventListener("partial", onData);
    es.addEventListener("end", finish);
    es.onerror = () => {
      if (closed) return;
      // CLOSED: the server refused (e.g. 404); CONNECTING: the browser retries by itself.
      if (es.readyState === EventSource.CLOSED) finish();
      else setStream("reconnecting");
    };
    return () => {
      closed = true;
      es.close();
    };
    // The stream is opened once per run (and again only if a refetched snapshot says it is live again).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runId, haveSnapshot, snapshotTerminal]);

  const state = live ?? (snap ? mergeSnapshot(null, snap) : null);
  return {
    /** The run as fetched (input, result, timestamps…); use `state` for the live fields. */
    run: snap,
    state,
    isTerminal: state ? isTerminal(state.status) : false,
    isLoading: query.isLoading,
    error: query.error,
    stream,
    refetch: query.refetch,
  };
}
