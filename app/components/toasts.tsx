// Shows the one-time message an action flashed into the session ("Disconnected
// from Xero"). The live region is always present so screen readers announce
// a toast the moment it appears.
import { useEffect, useState } from "react";
import { cx } from "./class-names";
import { CheckIcon, CloseIcon } from "./icons";

export type Toast = { id: string; kind: "success" | "error"; message: string };

const VISIBLE_FOR_MS = 6_000;

export function Toasts({ toast }: { toast: Toast | null }) {
  const [shown, setShown] = useState<Toast | null>(toast);

  useEffect(() => {
    setShown(toast);
    // Errors stay until dismissed: they usually ask the reader to do something.
    if (!toast || toast.kind === "error") return;
    const timer = setTimeout(() => setShown(null), VISIBLE_FOR_MS);
    return () => clearTimeout(timer);
  }, [toast]);

  return (
    <div aria-live="polite" role="status" className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex justify-center p-4 sm:justify-end">
      {shown ? (
        <div
          className={cx(
            "pointer-events-auto flex w-full max-w-sm animate-toast-in items-start gap-3 rounded-lg border bg-white p-4 shadow-lg",
            shown.kind === "error" ? "border-red-300" : "border-teal-300",
          )}
          data-testid="toast"
        >
          {shown.kind === "success" ? <CheckIcon className="mt-0.5 shrink-0 text-teal-700" /> : null}
          <p className={cx("flex-1 text-sm", shown.kind === "error" ? "text-red-800" : "text-slate-800")}>{shown.message}</p>
          <button type="button" onClick={() => setShown(null)} className="-m-1 rounded p-1 text-slate-500 hover:text-slate-800" aria-label="Dismiss message">
            <CloseIcon width={16} height={16} />
          </button>
        </div>
      ) : null}
    </div>
  );
}
