import type { ReactNode } from "react";

/** The title and lead paragraph at the top of a page. */
export function PageHeader({ title, lead }: { title: ReactNode; lead?: ReactNode }) {
  return (
    <header className="max-w-3xl space-y-2">
      <h1 className="text-2xl font-bold tracking-tight">{title}</h1>
      {lead && <p className="text-slate-600">{lead}</p>}
    </header>
  );
}
