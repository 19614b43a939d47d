// Settings: one heading, and a sub-navigation over its sections.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { requireWorkspace } from "~/http/auth.server";
import { ViewTabs } from "~/components/data-table";
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
  const { pathname } = useLocation();
  return (
    <>
      <PageHeader title="Settings" />
      <ViewTabs
        label="Settings"
        className="-mx-2 mb-6 sm:mx-0"
        prefetch="intent"
        tabs={SECTIONS.map(({ label, path }) => {
          const to = `/w/${slug}/settings/${path}`;
          return { key: path, label, to, current: pathname === to || pathname.startsWith(`${to}/`) };
        })}
      />
      <Outlet />
    </>
  );
}
