// What an ErrorBoundary shows: plain words for the person reading, never a
// stack trace outside development.
import { isRouteErrorResponse, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { LinkButton } from "./button";
import { useSupportHref } from "./site-footer";

type Explained = { status: number; title: string; message: string };

/** Turns whatever a route threw into words a customer can act on. */
export function explainError(error: unknown, notFoundTitle: string): Explained {
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      return { status: 404, title: notFoundTitle, message: "The link may be old, or the page may have moved. Check the address, or start again from the home page." };
    }
    if (error.status === 403) {
      // 403 bodies are written for the user (see requireWorkspaceAdmin).
      const reason = typeof error.data === "string" && error.data ? error.data : "Ask an owner of this workspace for access.";
      return { status: 403, title: "You can't do that here", message: reason };
    }
    if (error.status === 400 && typeof error.data === "string" && error.data && error.data !== "Bad Request") {
      // 400 bodies from list pages are written for the user (see brokenListLink).
      return { status: 400, title: "We couldn't read that link", message: error.data };
    }
    if (error.status < 500) {
      return { status: error.status, title: "That request didn't work", message: "Please go back and try again." };
    }
  }
  return {
    status: 500,
    title: "Something went wrong on our side",
    message: "It's not something you did. Please try again in a minute.",
  };
}

export function ErrorMessage({ error, explained, action }: { error: unknown; explained: Explained; action?: ReactNode }) {
  const developmentDetail = process.env.NODE_ENV === "development" && error instanceof Error ? error.stack : null;
  const supportHref = useSupportHref();
  const { pathname } = useLocation();
  return (
    <div className="mx-auto max-w-xl px-4 py-16 text-center" data-testid="error-page">
      <p className="text-sm font-semibold text-teal-700">Error {explained.status}</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight text-slate-900">{explained.title}</h1>
      <p className="mt-4 text-slate-600">{explained.message}</p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        {explained.status === 400 ? (
          <LinkButton to={pathname} reloadDocument>
            Start this page afresh
          </LinkButton>
        ) : null}
        {action ?? <LinkButton to="/">Go to the home page</LinkButton>}
        {/* A full page load: after an error the app's own state is the last thing to rely on. */}
        <LinkButton to={supportHref} variant="secondary" reloadDocument>
          Contact support
        </LinkButton>
      </div>
      {developmentDetail ? (
        <pre className="mt-10 overflow-x-auto rounded-md bg-slate-900 p-4 text-left text-xs text-slate-100">{developmentDetail}</pre>
      ) : null}
    </div>
  );
}
