// Settings → Team, "Invite someone": the invitation form (a refusal says why next to the field and
// gives back what was typed), the link of the invitation just made, and those waiting to be accepted.
import { Form } from "@remix-run/react";
import { Button } from "~/components/button";
import { Card } from "~/components/card";
import { FIELD, ROLE_LABEL, type Role } from "./roles";

export type PendingInvitation = { id: string; email: string; role: Role; expires: string };

export type InvitationAnswer = {
  invited?: { email: string; url: string } | null;
  fieldErrors?: { email: string | null; role: string | null };
  typed?: { email: string; role: "admin" | "viewer" };
};

export function InviteCard({ canChange, invitations, inviting, answer }: { canChange: boolean; invitations: PendingInvitation[]; inviting: boolean; answer: InvitationAnswer | undefined }) {
  const emailError = answer?.fieldErrors?.email;
  const roleError = answer?.fieldErrors?.role;
  const typed = answer?.typed;
  return (
    <>
    {canChange ? (
      <Card className="p-6">
        <h2 className="text-lg font-semibold text-slate-900">Invite someone</h2>
        <p className="mt-1 text-sm text-slate-600">
          They get an email with a link that works once, for 7 days. They sign in with their Xero account to join.
        </p>
        <Form method="post" className="mt-4 flex flex-wrap items-start gap-3" key={answer?.invited?.url}>
          <input type="hidden" name="intent" value="invite" />
          <div className="flex w-full min-w-0 flex-col gap-1 sm:w-auto sm:min-w-[16rem] sm:flex-1">
            <label htmlFor="invite-email" className="text-sm font-medium text-slate-700">
              Email address
            </label>
            <input
              id="invite-email"
              type="email"
              name="email"
              required
              autoComplete="off"
              defaultValue={typed?.email}
              aria-invalid={emailError ? true : undefined}
              aria-describedby={emailError ? "invite-email-error" : undefined}
              className={`${FIELD} w-full ${emailError ? "border-red-500" : ""}`}
            />
            {emailError ? (
              <p id="invite-email-error" role="alert" className="break-words text-sm text-red-700">
                {emailError}
              </p>
            ) : null}
          </div>
          <div className="flex w-full min-w-0 flex-col gap-1 sm:w-auto">
            <label htmlFor="invite-role" className="text-sm font-medium text-slate-700">
              Role
            </label>
            <select
              id="invite-role"
              name="role"
              defaultValue={typed?.role ?? "viewer"}
              aria-invalid={roleError ? true : undefined}
              aria-describedby={roleError ? "invite-role-error" : undefined}
              className={`${FIELD} w-full sm:w-auto`}
            >
              <option value="viewer">Viewer — can look, not change</option>
              <option value="admin">Admin — can change settings and invite</option>
            </select>
            {roleError ? (
              <p id="invite-role-error" role="alert" className="text-sm text-red-700">
                {roleError}
              </p>
            ) : null}
          </div>
          {/* Level with the fields: the labels' height above them. */}
          <div className="flex w-full flex-col gap-1 sm:w-auto">
            <span aria-hidden="true" className="hidden text-sm sm:block">&nbsp;</span>
            <Button type="submit" disabled={inviting}>
              {inviting ? "Sending…" : "Send invitation"}
            </Button>
          </div>
        </Form>
        {answer?.invited ? (
          <div className="mt-4 rounded-md bg-slate-50 p-3 text-sm">
            <p className="text-slate-700">Invitation link for {answer.invited.email} (works once):</p>
            <input readOnly value={answer.invited.url} aria-label="Invitation link" className={`${FIELD} mt-1 w-full font-mono text-xs`} data-testid="invitation-link" onFocus={(event) => event.currentTarget.select()} />
          </div>
        ) : null}
        {invitations.length ? (
          <>
            <h3 className="mt-6 text-sm font-semibold text-slate-900">Waiting to be accepted</h3>
            <ul className="mt-2 divide-y divide-slate-200 text-sm" data-testid="pending-invitations">
              {invitations.map((invitation) => (
                <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-3 py-2">
                  <span>
                    {invitation.email} · {ROLE_LABEL[invitation.role]} <span className="text-slate-600">· expires {invitation.expires}</span>
                  </span>
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="invitationId" value={invitation.id} />
                    <Button type="submit" variant="ghost">Withdraw<span className="sr-only"> the invitation to {invitation.email}</span></Button>
                  </Form>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Card>
    ) : (
      <p className="text-sm text-slate-600">You're a viewer here: ask an owner or admin to invite people or change roles.</p>
    )}
    </>
  );
}
