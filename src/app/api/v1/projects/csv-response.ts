/** The CSV download routes' shared ends: the response with a file name, and their refusals as JSON errors. */
import { ApiError } from "../../_lib/api";
import { CsvUnavailableError, ProjectNotFoundError } from "@/features/projects/projects.errors";

/** `text/csv` as an attachment; the name is ASCII already (see fileSlug), quoted for the header. */
export function csvResponse({ filename, csv }: { filename: string; csv: string }): Response {
  return new Response(csv, {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/["\\\r\n]/g, "_")}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

/** Someone else's project is the same 404 as a missing one; a result without a CSV is a 409. */
export function csvRefusal(err: unknown): never {
  if (err instanceof ProjectNotFoundError) throw new ApiError(404, "NOT_FOUND", err.message);
  if (err instanceof CsvUnavailableError) throw new ApiError(409, "CONFLICT", err.message);
  throw err;
}
