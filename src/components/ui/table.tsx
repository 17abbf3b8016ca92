import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "./cn";

export function Table({ className, ...props }: HTMLAttributes<HTMLTableElement>) {
  return (
    <div className="w-full overflow-x-auto">
      <table className={cn("w-full border-collapse text-left text-sm", className)} {...props} />
    </div>
  );
}

export function Th({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th
      className={cn(
        "border-b border-slate-200 px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-500",
        className,
      )}
      {...props}
    />
  );
}

export function Td({ className, ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn("border-b border-slate-100 px-3 py-2 align-middle", className)} {...props} />;
}

/** A column heading: a label, or one right-aligned (numbers), read by screen readers only (a column of buttons) or sized (`className`). */
export type Column = ReactNode | ColumnSpec;
type ColumnSpec = { label: ReactNode; numeric?: boolean; srOnly?: boolean; className?: string };

const isColumnObject = (c: Column): c is ColumnSpec => typeof c === "object" && c !== null && "label" in c;

/** A table's header row: one `<th scope="col">` per column (`className` on the `<thead>`, e.g. sticky). */
export function TableHead({ columns, className }: { columns: Column[]; className?: string }) {
  return (
    <thead className={className}>
      <tr>
        {columns.map((c, i) => {
          const col = isColumnObject(c) ? c : { label: c };
          return (
            <Th key={i} scope="col" className={cn(col.numeric && "text-right", col.className) || undefined}>
              {col.srOnly ? <span className="sr-only">{col.label}</span> : col.label}
            </Th>
          );
        })}
      </tr>
    </thead>
  );
}
