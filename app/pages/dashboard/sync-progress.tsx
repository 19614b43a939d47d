// The first sync's progress bar: pages done of pages known, or a pulse while the count is unknown.


export function SyncProgress({ pagesDone, pageCount, words }: { pagesDone: number; pageCount: number | null; words: string }) {
  const percent = pageCount ? Math.min(100, Math.round((pagesDone / pageCount) * 100)) : null;
  return (
    <div className="mt-6 w-full max-w-sm text-left" data-testid="sync-progress">
      <p className="text-sm font-medium text-slate-800">{words}</p>
      <div
        role="progressbar"
        aria-label="First sync"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        className="mt-2 h-2 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div
          className={`h-full rounded-full bg-teal-600 ${percent === null ? "w-1/3 animate-pulse" : ""}`}
          style={percent === null ? undefined : { width: `${percent}%` }}
        />
      </div>
    </div>
  );
}
