// Settings → Team: who is in the workspace and in which role, invitations by
// email, changing someone's role, removing someone, and leaving. Viewers see the list and may leave;
// everything else is for owners and admins, checked in the action.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireWorkspace, requireWorkspaceAdmin } from "~/http/auth.server";
import { Button } from "~/components/button";
import { AccessRequestsCard } from "~/components/access-requests-card";
import { Card } from "~/components/card";
import { ConfirmDialog } from "~/components/confirm-dialog";
import { displayName } from "~/display/display-name";
import { formatMoment, localeFor } from "~/display/format";
import { listAccessRequests } from "~/models/access-requests.server";
import { listMembers } from "~/models/members.server";
import { INVITATIONS_PER_DAY, INVITATIONS_PER_HOUR, changeMemberRole, createInvitation, leaveWorkspace, listPendingInvitations, removeMember, revokeInvitation } from "~/models/team.server";
import { emailInvitation, invitationUrl } from "~/models/team-invite-email.server";
import { flashToast } from "~/http/session.server";
import { InviteCard, type InvitationAnswer } from "~/pages/team/invite-card";
import { MembersCard } from "~/pages/team/members-card";
import { ROLE_WORDS } from "~/pages/team/roles";

export const meta: MetaFunction = () => [{ title: "Team · Settings · Solido" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, workspace, role } = await requireWorkspace(request, params);
  const [members, invitations, accessRequests] = await Promise.all([
    listMembers(workspace.id),
    role === "viewer" ? [] : listPendingInvitations(workspace.id),
    role === "viewer" ? [] : listAccessRequests(workspace.id),
  ]);
  const locale = localeFor(workspace.countryCode);
  return {
    me: user.id,
    slug: workspace.slug,
    timeZone: workspace.timeZone,
    accessRequests,
    canChange: role !== "viewer",
    // Which roles this person may hand out, and whose role they may change (see changeMemberRole).
    assignable: role === "owner" ? (["owner", "admin", "viewer"] as const) : role === "admin" ? (["admin", "viewer"] as const) : ([] as const),
    members: members.map((member) => ({ userId: member.userId, name: displayName(member), email: member.email, role: member.role })),
    invitations: invitations.map((invitation) => ({
      id: invitation.id,
      email: invitation.email,
      role: invitation.role,
      expires: formatMoment(invitation.expiresAt, locale, workspace.timeZone),
    })),
  };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("invite"), email: z.string().trim().max(254, "That email address is too long: addresses are at most 254 characters.").pipe(z.email("Enter the email address to send the invitation to.")).transform((email) => email.toLowerCase()), role: z.enum(["admin", "viewer"]) }),
  z.object({ intent: z.literal("revoke"), invitationId: z.uuid() }),
  z.object({ intent: z.literal("remove"), userId: z.uuid() }),
  z.object({ intent: z.literal("role"), userId: z.uuid(), role: z.enum(["owner", "admin", "viewer"]) }),
  z.object({ intent: z.literal("leave") }),
]);

const REFUSALS = {
  not_found: "That person is no longer in this workspace.",
  last_owner: "A workspace needs an owner: make someone else an owner first.",
  owner_only: "Only an owner can remove another owner.",
  use_leave: "To remove yourself, use Leave workspace.",
  own_role: "You can't change your own role: ask an owner to.",
} as const;

const INVITATION_REFUSALS = {
  not_connected: "Connect this workspace to its Xero organisation (Settings → Integrations) before inviting people.",
  too_many: `This workspace has sent as many invitations as it may for now (${INVITATIONS_PER_HOUR} an hour, ${INVITATIONS_PER_DAY} a day). Try again later.`,
} as const;

const ROLE_REFUSALS = { ...REFUSALS, owner_only: "Only an owner can change an owner's role or make someone an owner." } as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, workspace, role } = await requireWorkspace(request, params);
  const fields = Object.fromEntries(await request.formData());
  // Leaving is anyone's to do; everything else changes the team, so owners and admins only — before anything is read.
  if (fields.intent !== "leave") await requireWorkspaceAdmin(request, params);
  const parsed = actionSchema.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[0];
    // The invitation's own fields: said next to the field, with what was typed kept.
    if (fields.intent === "invite" && field === "email") return refuseInvitation(fields, { email: issue!.message });
    if (fields.intent === "invite" && field === "role") return refuseInvitation(fields, { role: issue!.message });
    return data({ error: issue?.message ?? "Something in the form is missing.", invited: null }, { status: 400 });
  }
  const form = parsed.data;
  switch (form.intent) {
    case "leave": {
      const left = await leaveWorkspace({ workspaceId: workspace.id, userId: user.id, role });
      if (!left.ok) return data({ error: REFUSALS[left.refusal], invited: null }, { status: 400 });
      return redirect("/", { headers: await flashToast(request, { kind: "success", message: `You left ${workspace.name}.` }) });
    }
    case "invite": {
      if (form.email === user.email?.toLowerCase()) {
        return refuseInvitation(fields, { email: `${form.email} is you: you're already in this workspace. Enter the address of the person you want to invite.` });
      }
      const created = await createInvitation({ workspaceId: workspace.id, email: form.email, role: form.role, invitedByUserId: user.id });
      if (!created.ok) return data({ error: INVITATION_REFUSALS[created.refusal], invited: null, typed: typedInvitation(fields) }, { status: 400 });
      const { token, invitation } = created;
      const sent = await emailInvitation({
        invitationId: invitation.id,
        token,
        to: form.email,
        role: form.role,
        inviterName: displayName(user),
        workspace,
        expiresAt: invitation.expiresAt,
      });
      const headers = await flashToast(
        request,
        sent.ok
          ? { kind: "success", message: `Invitation sent to ${form.email}.` }
          : { kind: "error", message: `The email to ${form.email} could not be sent: copy the link below and send it yourself.` },
      );
      // The link is shown once to whoever invited, so an invitation can go by another channel too.
      return data({ error: null, invited: { email: form.email, url: invitationUrl(token) } }, { headers });
    }
    case "revoke": {
      const revoked = await revokeInvitation(workspace.id, form.invitationId, user.id);
      if (!revoked) return data({ error: "That invitation was already used or withdrawn.", invited: null }, { status: 400 });
      return data({ error: null, invited: null }, { headers: await flashToast(request, { kind: "success", message: `Invitation to ${revoked.email} withdrawn.` }) });
    }
    case "role": {
      const changed = await changeMemberRole({ workspaceId: workspace.id, actor: { userId: user.id, role }, targetUserId: form.userId, role: form.role });
      if (!changed.ok) return data({ error: ROLE_REFUSALS[changed.refusal], invited: null }, { status: 400 });
      const message = changed.changed ? `${changed.email} is now ${ROLE_WORDS[changed.to]}.` : `${changed.email} is already ${ROLE_WORDS[changed.to]}.`;
      return data({ error: null, invited: null }, { headers: await flashToast(request, { kind: "success", message }) });
    }
    case "remove": {
      const removed = await removeMember({ workspaceId: workspace.id, actor: { userId: user.id, role }, targetUserId: form.userId });
      if (!removed.ok) return data({ error: REFUSALS[removed.refusal], invited: null }, { status: 400 });
      return data({ error: null, invited: null }, { headers: await flashToast(request, { kind: "success", message: `${removed.email} no longer has access.` }) });
    }
  }
}

/** What was typed into the invitation form, given back so a refusal loses nothing (the address up to its longest allowed length, and a bit). */
function typedInvitation(fields: Record<string, FormDataEntryValue>): { email: string; role: "admin" | "viewer" } {
  const text = (value: FormDataEntryValue | undefined) => (typeof value === "string" ? value.slice(0, 320) : "");
  return { email: text(fields.email), role: text(fields.role) === "admin" ? "admin" : "viewer" };
}

function refuseInvitation(fields: Record<string, FormDataEntryValue>, fieldErrors: { email?: string; role?: string }) {
  const errors: { email: string | null; role: string | null } = { email: fieldErrors.email ?? null, role: fieldErrors.role ?? null };
  return data({ error: null, fieldErrors: errors, invited: null, typed: typedInvitation(fields) }, { status: 400 });
}

export default function Team() {
  const { me, slug, timeZone, accessRequests, canChange, assignable, members, invitations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const inviting = navigation.formData?.get("intent") === "invite";
  // The invitation's refusal, as refuseInvitation and the invite branch write it.
  const refused = result as InvitationAnswer | undefined;
  return (
    <div className="space-y-6">
      {result?.error ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-800">
          {result.error}
        </p>
      ) : null}
      <AccessRequestsCard slug={slug} requests={accessRequests} timeZone={timeZone} />
      <MembersCard members={members} me={me} assignable={assignable} canChange={canChange} />

      <InviteCard canChange={canChange} invitations={invitations} inviting={inviting} answer={refused} />

      <Card className="p-6">
        <h2 className="text-lg font-semibold text-slate-900">Leave this workspace</h2>
        <p className="mt-1 text-sm text-slate-600">You lose access straight away; someone will need to invite you back.</p>
        <ConfirmDialog
          title="Leave this workspace?"
          trigger={<Button variant="secondary" className="mt-4">Leave workspace</Button>}
          confirm={
            <Form method="post">
              <input type="hidden" name="intent" value="leave" />
              <Button type="submit" variant="danger">Leave</Button>
            </Form>
          }
        >
          <p>You will no longer see this workspace's invoices, customers or reminders.</p>
        </ConfirmDialog>
      </Card>
    </div>
  );
}
