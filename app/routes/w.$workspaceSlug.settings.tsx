// Settings: one heading, and a sub-navigation over its sections.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireWorkspace } from "~/http/auth.server";
import { cx } from "~/components/class-names";
import { PageHeader } from "~/components/page-header";

export const meta: MetaFunction = () => [{ title: "Settings · Solido" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace } = await requireWorkspace(request, params);
  return { slug: workspace.slug };
}

const SECTIONS = [
  { label: "Integrations", path: "integrations" },
  { label: "Reminders", path: "reminders" },
  { label: "Team", path: "team" },
  { label: "Audit log", path: "audit-log" },
];

export default function Settings() {
  const { slug } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Settings" />
      <nav aria-label="Settings" className="mb-6 border-b border-slate-200">
        <ul className="-mb-px flex gap-1 overflow-x-auto">
          {SECTIONS.map(({ label, path }) => (
            <li key={path}>
              <NavLink
                to={`/w/${slug}/settings/${path}`}
                prefetch="intent"
                className={({ isActive }) =>
                  cx(
                    "block whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium",
                    isActive ? "border-teal-700 text-teal-800" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900",
                  )
                }
              >
                {label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
