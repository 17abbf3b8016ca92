/** A CSV import's refusal as an issue on the `text` field, naming the line and column (tRPC and the HTTP API show it). */
import { CsvImportError } from "./providers";

export const isCsvImportError = (e: unknown): e is CsvImportError => e instanceof CsvImportError;

/** `{ path: ["text"], message: "text: line 3, column \"close\": …", line, column }`. */
export function csvIssues(e: CsvImportError) {
  return [{ path: ["text"], message: `text: ${e.message}`, line: e.line, column: e.column }];
}
