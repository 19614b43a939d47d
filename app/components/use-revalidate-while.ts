// Keeps a page's loader data current while something it shows is still
// changing (a sync running): the page's own loaders run again every few
// seconds, and stop as soon as they say it is over.
//
// Polling with Remix's revalidator rather than server-sent events: a sync
// writes its progress to the database once per Xero page, so a poll every
// two seconds is as fresh as the data; the poll is the same loader that
// rendered the page (one code path for what the page says, a `.data`
// request of a few milliseconds); and remix-serve runs a process per core,
// where a stream per open tab would need each process to listen for the
// database's changes. Hidden tabs do not poll; coming back polls at once.
import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

export function useRevalidateWhile(active: boolean, everyMs = 2_000) {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;

  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => {
      if (document.visibilityState === "visible" && latest.current.state === "idle") latest.current.revalidate();
      timer = setTimeout(poll, everyMs);
    };
    const onVisible = () => {
      if (document.visibilityState === "visible" && latest.current.state === "idle") latest.current.revalidate();
    };
    timer = setTimeout(poll, everyMs);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [active, everyMs]);
}
