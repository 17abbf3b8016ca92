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

/** A column heading: a label, or one right-aligned (numbers) or read by screen readers only (a column of buttons). */
export type Column = ReactNode | { label: ReactNode; numeric?: boolean; srOnly?: boolean };

const isColumnObject = (c: Column): c is { label: ReactNode; numeric?: boolean; srOnly?: boolean } =>
  typeof c === "object" && c !== null && "label" in c;

/** A table's header row: one `<th scope="col">` per column. */
export function TableHead({ columns }: { columns: Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) => {
          const col = isColumnObject(c) ? c : { label: c };
          return (
            <Th key={i} scope="col" className={col.numeric ? "text-right" : undefined}>
              {col.srOnly ? <span className="sr-only">{col.label}</span> : col.label}
            </Th>
          );
        })}
      </tr>
    </thead>
  );
}
