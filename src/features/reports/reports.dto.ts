/** A stored report file as the API and pages show it (no renderer needed: cheap to import). */
import type { ReportFileRow } from "./reports.repository";

/** The row without its bytes, the time as ISO 8601. */
export type ReportFileDto = Omit<ReportFileRow, "createdAt"> & { createdAt: string };

export const toFileDto = (r: ReportFileRow): ReportFileDto => ({
  id: r.id,
  kind: r.kind,
  format: r.format,
  title: r.title,
  filename: r.filename,
  mime: r.mime,
  size: r.size,
  runId: r.runId,
  ownerId: r.ownerId,
  createdAt: r.createdAt.toISOString(),
});
