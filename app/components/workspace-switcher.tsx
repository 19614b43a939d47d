// The workspace name at the top of the sidebar doubles as a menu of every
// workspace the user belongs to, plus a way to create another.
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Link } from "@remix-run/react";
import { CheckIcon, ChevronUpDownIcon, PlusIcon } from "./icons";

export type WorkspaceChoice = { slug: string; name: string };

const ITEM =
  "flex cursor-pointer items-center gap-2 rounded px-2 py-2 text-sm text-slate-800 outline-none data-[highlighted]:bg-teal-50 data-[highlighted]:text-teal-900";

export function WorkspaceSwitcher({ current, workspaces }: { current: WorkspaceChoice; workspaces: WorkspaceChoice[] }) {
  return (
    // Not modal: a modal menu hides the rest of the page with aria-hidden while its
    // links stay focusable (axe: aria-hidden-focus). Escape, arrows and outside clicks work the same.
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger
        className="flex w-full items-center justify-between gap-2 rounded-md border border-slate-200 bg-white px-3 py-2 text-left text-sm shadow-sm hover:bg-slate-50"
        aria-label={`Workspace: ${current.name}. Switch workspace`}
      >
        <span className="min-w-0">
          <span className="block text-xs font-medium text-slate-600">Workspace</span>
          <span className="block truncate font-semibold text-slate-900">{current.name}</span>
        </span>
        <ChevronUpDownIcon className="shrink-0 text-slate-500" />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="start"
          sideOffset={6}
          className="z-50 min-w-[var(--radix-dropdown-menu-trigger-width)] rounded-md border border-slate-200 bg-white p-1 shadow-lg"
        >
          <DropdownMenu.Label className="px-2 py-1.5 text-xs font-medium text-slate-600">Your workspaces</DropdownMenu.Label>
          {workspaces.map((workspace) => (
            <DropdownMenu.Item key={workspace.slug} asChild className={ITEM}>
              <Link to={`/w/${workspace.slug}`} aria-current={workspace.slug === current.slug ? "true" : undefined}>
                <span className="w-5 shrink-0">{workspace.slug === current.slug ? <CheckIcon width={16} height={16} /> : null}</span>
                <span className="truncate">{workspace.name}</span>
              </Link>
            </DropdownMenu.Item>
          ))}
          <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
          <DropdownMenu.Item asChild className={ITEM}>
            <Link to="/workspaces/new">
              <PlusIcon width={16} height={16} className="w-5 shrink-0" />
              New workspace
            </Link>
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
