// Settings → Team's "Asking to join": people who share the workspace's Xero
// organisation and asked to be let in. Owners and admins approve (choosing
// the role) or decline; the answer goes to the access request's own route.
import { Form, useNavigation } from "@remix-run/react";
import { Button } from "./button";
import { Card } from "./card";
import { RelativeTime } from "./relative-time";

export type AccessRequestRow = { id: string; name: string; email: string; requestedAt: string | Date };

export function AccessRequestsCard({ slug, requests, timeZone }: { slug: string; requests: AccessRequestRow[]; timeZone: string }) {
  const navigation = useNavigation();
  if (requests.length === 0) return null;
  return (
    <Card className="border-teal-300" data-testid="access-requests">
      <h2 className="border-b border-slate-200 px-6 py-4 text-lg font-semibold text-slate-900">Asking to join</h2>
      <ul className="divide-y divide-slate-200">
        {requests.map((request) => {
          const action = `/w/${slug}/settings/team/access-requests/${request.id}`;
          const busy = navigation.formAction === action;
          return (
            <li key={request.id} className="flex flex-col gap-3 px-6 py-4 sm:flex-row sm:items-center sm:justify-between">
              <div className="min-w-0">
                <p className="font-semibold text-slate-900">{request.name}</p>
                <p className="break-all text-sm text-slate-600">
                  {request.email} · asked <RelativeTime at={request.requestedAt} timeZone={timeZone} />. Xero lets them reach this organisation.
                </p>
              </div>
              <Form method="post" action={action} className="flex flex-wrap items-center gap-2">
                <label className="sr-only" htmlFor={`role-${request.id}`}>
                  Role for {request.name}
                </label>
                <select id={`role-${request.id}`} name="role" defaultValue="viewer" className="rounded-md border border-slate-300 px-2 py-2 text-sm">
                  <option value="viewer">as a viewer</option>
                  <option value="admin">as an admin</option>
                </select>
                <Button type="submit" name="decision" value="approve" disabled={busy}>
                  Let {request.name} in
                </Button>
                <Button type="submit" name="decision" value="decline" variant="ghost" disabled={busy}>
                  Decline
                </Button>
              </Form>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
