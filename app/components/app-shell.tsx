// The frame around every workspace page: a sidebar on wide screens, a top bar
// with a menu drawer on phones. Both show the same navigation (Sidebar).
import * as Dialog from "@radix-ui/react-dialog";
import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useState, type ComponentType, type ReactNode, type SVGProps } from "react";
import { cx } from "./class-names";
import { BellIcon, CloseIcon, ContactsIcon, HomeIcon, InboxIcon, InvoiceIcon, MenuIcon, SettingsIcon } from "./icons";
import { SiteFooter, SupportLink } from "./site-footer";
import { WorkspaceSwitcher, type WorkspaceChoice } from "./workspace-switcher";

export type ShellProps = {
  workspace: WorkspaceChoice;
  workspaces: WorkspaceChoice[];
  userName: string;
  /** The local mailbox that catches outgoing email; set in development only. */
  outboxUrl?: string | null;
};

type Section = { label: string; path: string; icon: ComponentType<SVGProps<SVGSVGElement>>; end?: boolean };

const SECTIONS: Section[] = [
  { label: "Dashboard", path: "", icon: HomeIcon, end: true },
  { label: "Invoices", path: "invoices", icon: InvoiceIcon },
  { label: "Contacts", path: "contacts", icon: ContactsIcon },
  { label: "Reminders", path: "reminders", icon: BellIcon },
  { label: "Settings", path: "settings", icon: SettingsIcon },
];

const NAV_ITEM = "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors";

function Brand() {
  return (
    <Link to="/" className="flex items-center gap-2 rounded text-lg font-semibold tracking-tight text-slate-900">
      <img src="/favicon.svg" alt="" width={28} height={28} />
      Solido
    </Link>
  );
}

function Sidebar({ workspace, workspaces, userName, outboxUrl }: ShellProps) {
  return (
    <div className="flex h-full flex-col gap-6 p-4">
      <div className="hidden lg:block">
        <Brand />
      </div>
      <WorkspaceSwitcher current={workspace} workspaces={workspaces} />
      <nav aria-label="Workspace" className="flex-1">
        <ul className="space-y-1">
          {SECTIONS.map(({ label, path, icon: SectionIcon, end }) => (
            <li key={label}>
              <NavLink
                to={`/w/${workspace.slug}${path ? `/${path}` : ""}`}
                end={end}
                prefetch="intent"
                className={({ isActive }) =>
                  cx(NAV_ITEM, isActive ? "bg-teal-100 font-semibold text-teal-900" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900")
                }
              >
                <SectionIcon className="shrink-0" />
                {label}
              </NavLink>
            </li>
          ))}
          {outboxUrl ? (
            <li>
              <a href={outboxUrl} target="_blank" rel="noreferrer" className={cx(NAV_ITEM, "text-slate-700 hover:bg-slate-100")}>
                <InboxIcon className="shrink-0" />
                Outbox <span className="text-xs font-normal text-slate-600">(development)</span>
              </a>
            </li>
          ) : null}
        </ul>
      </nav>
      <div className="border-t border-slate-200 pt-4">
        <SupportLink className={cx(NAV_ITEM, "mb-1 text-slate-700 hover:bg-slate-100")}>Help &amp; support</SupportLink>
        <p className="truncate px-3 text-sm font-medium text-slate-900">{userName}</p>
        <Form method="post" action="/logout">
          <button type="submit" className={cx(NAV_ITEM, "mt-1 w-full text-slate-700 hover:bg-slate-100")}>
            Sign out
          </button>
        </Form>
      </div>
    </div>
  );
}

function MobileMenu(props: ShellProps) {
  const [open, setOpen] = useState(false);
  const { pathname } = useLocation();
  // Choosing a section navigates; the drawer should get out of the way.
  useEffect(() => setOpen(false), [pathname]);

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className="rounded-md p-2 text-slate-700 hover:bg-slate-100" aria-label="Open menu">
        <MenuIcon />
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content
          className="fixed inset-y-0 left-0 z-40 flex w-72 max-w-[85vw] flex-col bg-slate-50 shadow-xl focus:outline-none"
          aria-describedby={undefined}
        >
          <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3">
            <Dialog.Title className="text-base font-semibold text-slate-900">Menu</Dialog.Title>
            <Dialog.Close className="rounded-md p-2 text-slate-700 hover:bg-slate-100" aria-label="Close menu">
              <CloseIcon />
            </Dialog.Close>
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto">
            <Sidebar {...props} />
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

export function AppShell({ children, banner, ...props }: ShellProps & { children: ReactNode; banner?: ReactNode }) {
  return (
    <div className="min-h-screen lg:pl-64">
      <a href="#main" className="sr-only focus:not-sr-only focus:fixed focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <aside className="fixed inset-y-0 left-0 hidden w-64 border-r border-slate-200 bg-slate-50 lg:block" aria-label="Sidebar">
        <Sidebar {...props} />
      </aside>
      <header className="sticky top-0 z-30 flex items-center justify-between border-b border-slate-200 bg-white px-4 py-2 lg:hidden">
        <Brand />
        <MobileMenu {...props} />
      </header>
      <main id="main" className="mx-auto max-w-5xl px-4 py-8 sm:px-6 lg:px-10">
        {banner}
        {children}
        <SiteFooter className="mt-16 border-t border-slate-200 pt-6" />
      </main>
    </div>
  );
}
