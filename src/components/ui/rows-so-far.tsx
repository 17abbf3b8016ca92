import type { ReactNode } from "react";
import { Table, TableHead, type Column } from "./table";

/**
 * A batch's rows so far (a partial result): a captioned table that scrolls within the page (sticky
 * header), or the `empty` line when there is no row yet; then what failed and what is still missing,
 * each a line when given. The rows are the caller's `<tr>`s.
 */
export function RowsSoFar({
  caption,
  empty,
  columns,
  rows,
  failed,
  missing,
}: {
  caption: ReactNode;
  empty: ReactNode;
  columns: Column[];
  rows: ReactNode[];
  failed?: ReactNode;
  missing?: ReactNode;
}) {
  return (
    <div className="space-y-3" data-testid="batch-partial">
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">{empty}</p>
      ) : (
        <figure className="space-y-2">
          <figcaption className="text-sm font-medium text-slate-700">{caption}</figcaption>
          <div className="max-h-[28rem] overflow-y-auto">
            <Table data-testid="batch-partial-rows">
              <TableHead columns={columns} className="sticky top-0 bg-white" />
              <tbody className="tabular-nums">{rows}</tbody>
            </Table>
          </div>
        </figure>
      )}
      {failed && (
        <p className="text-sm text-red-800" data-testid="batch-partial-failed">
          {failed}
        </p>
      )}
      {missing && (
        <p className="text-sm text-slate-600" data-testid="batch-partial-missing">
          {missing}
        </p>
      )}
    </div>
  );
}
