// A thin bar across the top of the window while Remix loads the next page or
// submits a form, so a slow network never looks like a dead click.
import { useNavigation } from "@remix-run/react";
import { cx } from "./class-names";

export function NavigationProgress() {
  const busy = useNavigation().state !== "idle";
  return (
    <div
      className={cx(
        "pointer-events-none fixed inset-x-0 top-0 z-50 h-1 overflow-hidden transition-opacity",
        // Fast navigations finish before the bar would flicker into view.
        busy ? "opacity-100 delay-150" : "opacity-0",
      )}
      role="progressbar"
      aria-label="Loading"
      aria-hidden={!busy}
      data-testid="navigation-progress"
      data-busy={busy}
    >
      {busy ? <div className="h-full w-2/5 animate-progress-indeterminate rounded-r bg-teal-500" /> : null}
    </div>
  );
}
