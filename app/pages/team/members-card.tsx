// Settings → Team, "People in this workspace": each member with their role, and (for whoever may)
// changing a role or removing someone behind a confirmation.
import { Form } from "@remix-run/react";
import { Badge } from "~/components/badge";
import { Button } from "~/components/button";
import { Card } from "~/components/card";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { possessive } from "~/display/display-name";
import { FIELD, ROLE_HELP, ROLE_LABEL, ROLE_WORDS, type Role } from "./roles";

export type TeamMember = { userId: string; name: string; email: string; role: Role };

export function MembersCard({ members, me, assignable, canChange }: { members: TeamMember[]; me: string; assignable: readonly Role[]; canChange: boolean }) {
  return (
    <Card>
      <h2 className="border-b border-slate-200 px-6 py-4 text-lg font-semibold text-slate-900">People in this workspace</h2>
      <ul className="divide-y divide-slate-200" data-testid="team-members">
        {members.map((member) => (
          <li key={member.userId} className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
            <div className="min-w-0">
              <p className="truncate text-sm font-medium text-slate-900">
                {member.name}
                {member.userId === me ? <span className="text-slate-600"> (you)</span> : null}
              </p>
              <p className="truncate text-sm text-slate-600">{member.email}</p>
            </div>
            <div className="flex items-center gap-3">
              <Badge tone={member.role === "owner" ? "info" : "neutral"}>{ROLE_LABEL[member.role]}</Badge>
              {member.userId !== me && (assignable as readonly string[]).includes(member.role) ? (
                <ConfirmDialog
                  // A new role remounts the dialog: it closes once the change is saved.
                  key={member.role}
                  title={`Change ${possessive(member.name)} role`}
                  trigger={<Button variant="ghost">Change role<span className="sr-only"> for {member.name}</span></Button>}
                  confirm={
                    <Form method="post" className="flex w-full flex-wrap items-end justify-end gap-3">
                      <input type="hidden" name="intent" value="role" />
                      <input type="hidden" name="userId" value={member.userId} />
                      <label className="flex w-full min-w-0 flex-col gap-1 text-sm font-medium text-slate-700">
                        New role
                        <select name="role" defaultValue={member.role} className={`${FIELD} w-full`}>
                          {assignable.map((option) => (
                            <option key={option} value={option}>
                              {ROLE_HELP[option]}
                            </option>
                          ))}
                        </select>
                      </label>
                      <Button type="submit">Change role</Button>
                    </Form>
                  }
                >
                  <p>
                    {member.email} is {ROLE_WORDS[member.role]} now. The new role applies from their next page.
                  </p>
                </ConfirmDialog>
              ) : null}
              {canChange && member.userId !== me ? (
                <ConfirmDialog
                  title={`Remove ${member.name}?`}
                  trigger={<Button variant="ghost">Remove<span className="sr-only"> {member.name}</span></Button>}
                  confirm={
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="userId" value={member.userId} />
                      <Button type="submit" variant="danger">Remove</Button>
                    </Form>
                  }
                >
                  <p>They lose access to this workspace straight away. You can invite them again later.</p>
                </ConfirmDialog>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}
