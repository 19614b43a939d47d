// The way to a person, and the rules Solido plays by: "Contact support",
// privacy and terms, at the foot of every page outside a workspace and in the
// workspace's sidebar. The support link says which page it was followed from,
// so the support page can put that in the email for the customer.
import { Link, useLocation } from "@remix-run/react";
import { cx } from "./class-names";

/** /support?from=<this page>, leaving out the support page itself. */
export function useSupportHref() {
  const { pathname, search } = useLocation();
  const here = pathname + search;
  return pathname === "/support" || pathname === "/" ? "/support" : `/support?${new URLSearchParams({ from: here })}`;
}

export function SupportLink({ className, children = "Contact support" }: { className?: string; children?: string }) {
  return (
    <Link to={useSupportHref()} className={className}>
      {children}
    </Link>
  );
}

const FOOTER_LINK = "rounded font-medium text-slate-700 underline-offset-2 hover:text-slate-900 hover:underline";

export function SiteFooter({ className }: { className?: string }) {
  return (
    <footer className={cx("text-sm text-slate-600", className)}>
      <nav aria-label="Help and policies">
        <ul className="flex flex-wrap items-center justify-center gap-x-5 gap-y-2">
          <li>
            <SupportLink className={FOOTER_LINK} />
          </li>
          <li>
            <Link to="/privacy" className={FOOTER_LINK}>
              Privacy
            </Link>
          </li>
          <li>
            <Link to="/terms" className={FOOTER_LINK}>
              Terms
            </Link>
          </li>
        </ul>
      </nav>
      <p className="mt-3 text-center text-xs">Solido works with Xero. Xero is a trademark of Xero Limited.</p>
    </footer>
  );
}
