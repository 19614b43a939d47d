import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireWorkspace } from "~/auth.server";
import { Badge } from "~/components/badge";
import { Card } from "~/components/card";
import { displayName } from "~/display-name";
import { listMembers } from "~/models/members.server";

export const meta: MetaFunction = () => [{ title: "Team · Settings · Solido" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace } = await requireWorkspace(request, params);
  const members = await listMembers(workspace.id);
  return {
    members: members.map((member) => ({ userId: member.userId, name: displayName(member), email: member.email, role: member.role })),
  };
}

const ROLE_LABEL = { owner: "Owner", admin: "Admin", viewer: "Viewer" } as const;

export default function Team() {
  const { members } = useLoaderData<typeof loader>();
  return (
    <Card>
      <h2 className="border-b border-slate-200 px-6 py-4 text-lg font-semibold text-slate-900">People in this workspace</h2>
      <ul className="divide-y divide-slate-200">
        {members.map((member) => (
          <li key={member.userId} className="flex items-center justify-between gap-4 px-6 py-4">
            <div className="min-w-0">
              <p className="truncate text-sm font-medium text-slate-900">{member.name}</p>
              <p className="truncate text-sm text-slate-600">{member.email}</p>
            </div>
            <Badge tone={member.role === "owner" ? "info" : "neutral"}>{ROLE_LABEL[member.role]}</Badge>
          </li>
        ))}
      </ul>
    </Card>
  );
}
