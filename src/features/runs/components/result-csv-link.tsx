/** "Download CSV" of a run's result (GET /api/v1/runs/:id/result.csv), as every result view shows it. */
export function ResultCsvLink({ runId, label }: { runId: string; label: string }) {
  return (
    <p className="text-sm">
      <a
        href={`/api/v1/runs/${encodeURIComponent(runId)}/result.csv`}
        download
        className="font-medium text-indigo-700 underline-offset-2 hover:underline"
        data-testid="download-csv"
      >
        ⤓ {label}
      </a>
    </p>
  );
}
