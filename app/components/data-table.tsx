// Pieces every list page shares: a table that dims while the next view loads,
// sortable column headers that are links (so a sort is a URL), and
// previous/next paging links, view tabs and the "nothing matches" state.
import { Link, useLocation, useNavigate, useNavigation } from "@remix-run/react";
import type { MouseEvent, ReactNode } from "react";
import { LinkButton } from "./button";
import { cx } from "./class-names";

/**
 * Dims its table while a navigation to this same page (a filter, a sort, a
 * page) is loading, and navigates client-side for the RowLinks inside it.
 */
export function LoadingTable({ children, label }: { children: ReactNode; label: string }) {
  const navigation = useNavigation();
  const { pathname } = useLocation();
  const navigateOnClick = useNavigateOnLinkClick();
  const loading = navigation.state === "loading" && navigation.location.pathname === pathname;
  return (
    // The click handler only lets the links inside navigate without a reload; they stay links for the keyboard.
    <div className={cx("overflow-x-auto transition-opacity", loading && "opacity-60")} aria-busy={loading} aria-label={label} role="region" tabIndex={0} onClick={navigateOnClick}>
      {children}
    </div>
  );
}

/**
 * A link in a table row: a plain anchor, because a 50-row table with Remix's
 * <Link> in every row spent much of the page's server rendering in the hooks
 * each Link runs. The LoadingTable around it makes a plain click a
 * client-side navigation, as <Link> would (lists outside a table use
 * useNavigateOnLinkClick for the same); `data-discover` lets Remix learn
 * the route ahead of the click, as it does for <Link>.
 */
export function RowLink({ to, className, title, children }: { to: string; className?: string; title?: string; children: ReactNode }) {
  return (
    <a href={to} className={className} title={title} data-discover="true">
      {children}
    </a>
  );
}

/** What <Link> does on a click, for every same-origin anchor inside the element: a plain left click navigates in the app. */
export function useNavigateOnLinkClick() {
  const navigate = useNavigate();
  return (event: MouseEvent<HTMLElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
    const anchor = event.target instanceof Element ? event.target.closest("a") : null;
    if (!anchor || !event.currentTarget.contains(anchor) || anchor.target || anchor.hasAttribute("download") || anchor.origin !== window.location.origin) return;
    event.preventDefault();
    navigate(anchor.pathname + anchor.search + anchor.hash);
  };
}

export function SortHeader({
  label,
  href,
  active,
  ascending,
  align = "left",
  className,
}: {
  label: string;
  href: string;
  active: boolean;
  ascending: boolean;
  align?: "left" | "right";
  /** Extra classes, e.g. `hidden sm:table-cell` for a column phones leave out. */
  className?: string;
}) {
  return (
    <th
      scope="col"
      aria-sort={active ? (ascending ? "ascending" : "descending") : undefined}
      className={cx("px-3 py-3 font-medium", align === "right" && "text-right", className)}
    >
      <Link to={href} className="inline-flex items-center gap-1 hover:text-slate-900" preventScrollReset>
        {label}
        <span aria-hidden className={cx("text-xs", active ? "text-slate-900" : "text-slate-400")}>
          {active ? (ascending ? "▲" : "▼") : "↕"}
        </span>
      </Link>
    </th>
  );
}

/** A keyset page: before or after a row's cursor; neither is the first page. */
export type PageCursor = { after?: string; before?: string };

/**
 * Previous / Next links of a keyset-paged list (and "First page" once paged on).
 * `pageAt` writes the list's current view with another page's cursor as a URL.
 */
export function Pagination({
  pageAt,
  previousCursor,
  nextCursor,
}: {
  pageAt: (cursor: PageCursor) => string;
  previousCursor: string | null | undefined;
  nextCursor: string | null | undefined;
}) {
  if (!previousCursor && !nextCursor) return null;
  const linkClass = "rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-inset ring-slate-300 hover:bg-slate-50";
  return (
    <nav aria-label="Pages" className="flex items-center justify-end gap-2 border-t border-slate-200 px-4 py-3">
      {previousCursor ? (
        <>
          <Link to={pageAt({})} className={linkClass}>
            First page
          </Link>
          <Link to={pageAt({ before: previousCursor })} className={linkClass} rel="prev">
            Previous
          </Link>
        </>
      ) : null}
      {nextCursor ? (
        <Link to={pageAt({ after: nextCursor })} className={linkClass} rel="next">
          Next
        </Link>
      ) : null}
    </nav>
  );
}

/**
 * A strip of tabs, each a shareable link: a list's views (Unpaid / Overdue /
 * Paid…) or a page's sections (Settings). They wrap rather than scroll
 * sideways, so on a phone every tab is in view without a swipe.
 */
export function ViewTabs({
  label,
  tabs,
  className = "px-4",
  prefetch,
}: {
  label: string;
  tabs: { key: string; label: string; to: string; current: boolean }[];
  className?: string;
  prefetch?: "intent";
}) {
  return (
    <nav aria-label={label} className={cx("border-b border-slate-200", className)}>
      <ul className="-mb-px flex flex-wrap gap-x-1">
        {tabs.map((tab) => (
          <li key={tab.key}>
            <Link
              to={tab.to}
              prefetch={prefetch}
              aria-current={tab.current ? "page" : undefined}
              className={cx(
                "block whitespace-nowrap border-b-2 px-2 py-3 text-sm sm:px-3",
                tab.current ? "border-teal-700 font-semibold text-teal-800" : "border-transparent font-medium text-slate-600 hover:border-slate-300 hover:text-slate-900",
              )}
            >
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A list whose search or filters leave nothing: say so, and offer the way back to everything. */
export function NoMatches({ noun, resetTo, resetLabel }: { noun: string; resetTo: string; resetLabel: string }) {
  return (
    <div className="px-4 pb-8 pt-4 text-center text-sm text-slate-600">
      <p>No {noun} match this view.</p>
      <LinkButton to={resetTo} variant="secondary" className="mt-3">
        {resetLabel}
      </LinkButton>
    </div>
  );
}
