/** Projects as people see and edit them: the project, its throughput history and what it says at a glance. */
import { ownScope, type Viewer } from "@/accounts/viewer";
import {
  actualCompletion,
  convergence,
  historyToCsv,
  HistoryCsvError,
  keyFigures,
  kindOfTask,
  parseHistoryCsv,
  PROJECT_LIMITS as L,
} from "@/domain/projects";
import {
  countProjects,
  deleteProject,
  findProject,
  insertProject,
  listActuals,
  listHistory,
  listProjects,
  listSavedForecasts,
  replaceHistory,
  updateProject,
  type ProjectRow,
} from "./projects.repository";
import { fieldError, ProjectLimitError, ProjectNotFoundError } from "./projects.errors";
import type { TCreateProject, THistoryRow, TImportHistory, TUpdateProject } from "./projects.schemas";

const fmt = (n: number) => n.toLocaleString("en-US");

export function toProjectDto(p: ProjectRow) {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    periodDays: p.periodDays as 1 | 7,
    skipWeekends: p.skipWeekends,
    backlog: p.backlog,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
export type ProjectDto = ReturnType<typeof toProjectDto>;

/** The viewer's own project, or a 404 that reads the same whether it is missing or someone else's. */
export async function ownProject(viewer: Viewer, id: string): Promise<ProjectRow> {
  const p = await findProject(id, ownScope(viewer));
  if (!p) throw new ProjectNotFoundError(`project ${id} not found`);
  return p;
}

export async function list(viewer: Viewer) {
  return (await listProjects(ownScope(viewer), L.maxProjects)).map((p) => ({
    ...toProjectDto(p),
    periods: p.periods,
    forecasts: p.forecasts,
    actuals: p.actuals,
    lastPeriod: p.lastPeriod,
  }));
}

export async function get(viewer: Viewer, id: string) {
  const p = await ownProject(viewer, id);
  const [history, saved, actualRows] = await Promise.all([listHistory(id), listSavedForecasts(id), listActuals(id)]);
  const forecasts = saved.flatMap((f) => {
    const kind = kindOfTask(`forecast.${f.kind}`);
    if (!kind) return [];
    return [
      {
        id: f.id,
        kind,
        runId: f.runId,
        label: f.label,
        seed: f.seed,
        createdAt: f.createdAt.toISOString(),
        figures: keyFigures(kind, f.summary),
      },
    ];
  });
  const actuals = actualRows.map((a) => ({
    id: a.id,
    date: a.date,
    completed: a.completed,
    remaining: a.remaining,
    note: a.note,
    createdAt: a.createdAt.toISOString(),
  }));
  return {
    project: toProjectDto(p),
    history,
    samples: history.map((h) => h.count),
    forecasts,
    actuals,
    convergence: convergence(
      saved.map((f) => ({
        id: f.id,
        kind: f.kind,
        createdAt: f.createdAt.toISOString(),
        label: f.label,
        summary: f.summary,
      })),
    ),
    actualCompletion: actualCompletion(actuals),
  };
}
export type ProjectDetail = Awaited<ReturnType<typeof get>>;

export async function create(viewer: Viewer, input: TCreateProject): Promise<ProjectDto> {
  if ((await countProjects(viewer.id)) >= L.maxProjects)
    throw new ProjectLimitError(`An account may hold at most ${fmt(L.maxProjects)} projects: delete one first`);
  const row = await insertProject({
    ownerId: viewer.id,
    name: input.name,
    description: input.description || null,
    periodDays: input.periodDays,
    skipWeekends: input.periodDays === 1 && input.skipWeekends,
    backlog: input.backlog,
  });
  return toProjectDto(row);
}

export async function update(viewer: Viewer, input: TUpdateProject): Promise<ProjectDto> {
  const p = await ownProject(viewer, input.id);
  const periodDays = input.periodDays ?? p.periodDays;
  if (input.skipWeekends && periodDays === 7)
    throw fieldError("skipWeekends", "skipWeekends needs daily periods (periodDays 1)");
  const skipWeekends = periodDays === 1 && (input.skipWeekends ?? p.skipWeekends);
  const row = await updateProject(input.id, ownScope(viewer), {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.description !== undefined ? { description: input.description || null } : {}),
    ...(input.backlog !== undefined ? { backlog: input.backlog } : {}),
    periodDays,
    skipWeekends,
  });
  if (!row) throw new ProjectNotFoundError(`project ${input.id} not found`);
  return toProjectDto(row);
}

export async function remove(viewer: Viewer, id: string): Promise<void> {
  if (!(await deleteProject(id, ownScope(viewer)))) throw new ProjectNotFoundError(`project ${id} not found`);
}

/** The history becomes exactly `rows`, sorted by period start. */
export async function setHistory(viewer: Viewer, id: string, rows: THistoryRow[]): Promise<{ periods: number }> {
  await ownProject(viewer, id);
  const sorted = [...rows].sort((a, b) => (a.periodStart < b.periodStart ? -1 : a.periodStart > b.periodStart ? 1 : 0));
  await replaceHistory(id, sorted);
  return { periods: sorted.length };
}

/** Reads a CSV (completion dates or counts) into the history: replacing it, or merged over it (the file wins per period). */
export async function importHistory(viewer: Viewer, input: TImportHistory) {
  const p = await ownProject(viewer, input.id);
  let parsed;
  try {
    parsed = parseHistoryCsv(input.csv, {
      format: input.format,
      periodDays: p.periodDays === 1 ? 1 : 7,
      skipWeekends: p.skipWeekends,
    });
  } catch (e) {
    if (e instanceof HistoryCsvError) throw fieldError("csv", `csv: ${e.message}`);
    throw e;
  }
  let rows = parsed.rows;
  if (input.mode === "merge") {
    const byStart = new Map((await listHistory(input.id)).map((r) => [r.periodStart, r.count] as const));
    for (const r of parsed.rows) byStart.set(r.periodStart, r.count);
    rows = [...byStart.entries()]
      .map(([periodStart, count]) => ({ periodStart, count }))
      .sort((a, b) => (a.periodStart < b.periodStart ? -1 : 1));
    if (rows.length > L.maxHistoryRows)
      throw fieldError(
        "csv",
        `csv: merged with the current history it would hold ${fmt(rows.length)} periods; at most ${fmt(L.maxHistoryRows)}`,
      );
  }
  await replaceHistory(input.id, rows);
  return {
    format: parsed.format,
    imported: parsed.lines,
    periods: rows.length,
    importedPeriods: parsed.rows.length,
    warnings: parsed.warnings,
  };
}

/** A file name for downloads: the project's name in ASCII, safe in a header. */
export function fileSlug(name: string): string {
  const s = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return s || "project";
}

export async function historyCsv(viewer: Viewer, id: string): Promise<{ filename: string; csv: string }> {
  const p = await ownProject(viewer, id);
  return { filename: `${fileSlug(p.name)}-history.csv`, csv: historyToCsv(await listHistory(id)) };
}
