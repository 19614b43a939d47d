// What happens when a user comes back from Xero: who they are, which
// organisations they just granted, and which workspace that means — a new one,
// one they already belong to, an organisation picker, or a clear refusal.
// Organisations granted but not used are disconnected straight away, so
// Solido never holds access it does not use.
import { and, desc, eq, gt, lt } from "drizzle-orm";
import { pendingXeroConsents, users, workspaces } from "~db/schema";
import { db } from "~/server/db.server";
import { discardEmptyWorkspace, offerAccess, workspaceAdmins, type AccessRequestStatus } from "~/models/access-requests.server";
import { upsertUserFromXero, type User } from "~/models/users.server";
import {
  bindOrganisation,
  connectionIdsInUse,
  createWorkspace,
  membershipRole,
  rememberLastWorkspace,
  workspaceForTenant,
  type GrantToStore,
} from "~/models/workspace-setup.server";
import { listMemberWorkspaces } from "~/models/workspaces.server";
import { openToken, sealToken } from "~/xero/token-vault.server";
import { XeroAuthorizationError, type XeroGrant, type XeroJourney } from "~/xero/authorization.server";
import { logXeroConnectionCount } from "~/xero/connection-count.server";
import { readXeroFailure } from "~/xero/errors.server";
import {
  disconnectOrganisation,
  organisationDetails,
  organisationsOfConsent,
  type ConsentedOrganisation,
} from "~/xero/organisations.server";

export type Refusal =
  | "organisation-taken"
  | "no-organisation"
  | "different-organisation"
  | "different-xero-user"
  | "not-admin"
  | "organisation-gone";

export type ConsentOutcome =
  | { kind: "enter"; userId: string; workspaceSlug: string; workspaceId: string }
  | { kind: "welcome"; userId: string }
  | { kind: "choose"; userId: string; consentId: string }
  | {
      kind: "refused";
      userId: string;
      reason: Refusal;
      organisationName?: string;
      connectedBy?: string;
      workspaceSlug?: string;
      /** organisation-taken, for someone not in the workspace: who looks after it, and their one-click request. */
      access?: { requestId: string; status: AccessRequestStatus; admins: string[] };
    };

const PENDING_CONSENT_MINUTES = 15;

type Consent = {
  user: User;
  journey: XeroJourney;
  grant: GrantToStore;
  organisations: ConsentedOrganisation[];
};

/** Xero being down mid-journey is explained, not a stack trace. */
async function atXero<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof XeroAuthorizationError) throw error;
    throw new XeroAuthorizationError("unavailable", `Xero did not answer: ${String(error)}`);
  }
}

export async function completeConsent(journey: XeroJourney, grant: XeroGrant): Promise<ConsentOutcome> {
  const user = await upsertUserFromXero(grant.identity);
  if (journey.journey === "signin") return landUser(user);

  if (journey.userId && journey.userId !== user.id) {
    await releaseUnused(grant.accessToken, await atXero(() => organisationsOfConsent(grant.accessToken, grant.authEventId)));
    return { kind: "refused", userId: journey.userId, reason: "different-xero-user" };
  }
  if (!grant.refreshToken) throw new XeroAuthorizationError("code", "Xero granted no refresh token (offline_access).");
  const consent: Consent = {
    user,
    journey,
    grant: { ...grant, refreshToken: grant.refreshToken },
    organisations: await atXero(() => organisationsOfConsent(grant.accessToken, grant.authEventId)),
  };
  if (consent.organisations.length === 0) return { kind: "refused", userId: user.id, reason: "no-organisation" };

  const boundTenant = await boundTenantOf(journey.workspaceId);
  if (boundTenant) {
    // Reconnecting (or connecting a workspace that already holds an organisation's data): only that organisation will do.
    const same = consent.organisations.find((organisation) => organisation.tenantId === boundTenant.tenantId);
    if (!same) {
      await releaseUnused(grant.accessToken, consent.organisations);
      return { kind: "refused", userId: user.id, reason: "different-organisation", organisationName: boundTenant.name };
    }
    return useOrganisation(consent, same);
  }
  if (consent.organisations.length === 1) return useOrganisation(consent, consent.organisations[0]);
  return { kind: "choose", userId: user.id, consentId: await holdConsent(consent) };
}

/** The organisation picker's choice. */
export async function choosePendingOrganisation(userId: string, consentId: string, tenantId: string): Promise<ConsentOutcome | undefined> {
  const pending = await loadPendingConsent(userId, consentId);
  if (!pending) return undefined;
  const organisation = pending.tenants.find((tenant) => tenant.tenantId === tenantId);
  if (!organisation) return undefined;
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  const outcome = await useOrganisation(
    {
      user,
      journey: { journey: pending.intent, workspaceId: pending.workspaceId ?? undefined, userId },
      grant: {
        accessToken: openToken(pending.accessTokenSealed),
        refreshToken: openToken(pending.refreshTokenSealed),
        accessTokenExpiresAt: pending.accessTokenExpiresAt,
        scopes: pending.scopes,
        authEventId: pending.authEventId,
      },
      organisations: pending.tenants,
    },
    organisation,
  );
  // Kept until here, so a choice that failed because Xero was down can be made again.
  await db.delete(pendingXeroConsents).where(eq(pendingXeroConsents.id, consentId));
  return outcome;
}

/** The picker's list: each organisation granted, and whether it is already a Solido workspace. */
export async function pendingConsentChoices(userId: string, consentId: string) {
  const pending = await loadPendingConsent(userId, consentId);
  if (!pending) return undefined;
  const choices = await Promise.all(
    pending.tenants.map(async (tenant) => {
      const workspace = await workspaceForTenant(tenant.tenantId);
      const role = workspace ? await membershipRole(userId, workspace.id) : undefined;
      return { ...tenant, workspace: workspace ? { name: workspace.name, isMember: Boolean(role) } : null };
    }),
  );
  return { journey: pending.intent, choices };
}

/** The user's unfinished organisation choice, if its 15 minutes are not up: where "carry on" leads. */
export async function unfinishedConsentOf(userId: string) {
  const [pending] = await db
    .select({ id: pendingXeroConsents.id })
    .from(pendingXeroConsents)
    .where(and(eq(pendingXeroConsents.userId, userId), gt(pendingXeroConsents.expiresAt, new Date())))
    .orderBy(desc(pendingXeroConsents.expiresAt))
    .limit(1);
  return pending;
}

async function loadPendingConsent(userId: string, consentId: string) {
  await db.delete(pendingXeroConsents).where(lt(pendingXeroConsents.expiresAt, new Date()));
  const [pending] = await db
    .select()
    .from(pendingXeroConsents)
    .where(and(eq(pendingXeroConsents.id, consentId), eq(pendingXeroConsents.userId, userId)));
  return pending;
}

async function holdConsent(consent: Consent) {
  const [pending] = await db
    .insert(pendingXeroConsents)
    .values({
      userId: consent.user.id,
      intent: consent.journey.journey === "signin" ? "signup" : consent.journey.journey,
      workspaceId: consent.journey.workspaceId ?? null,
      authEventId: consent.grant.authEventId ?? "",
      tenants: consent.organisations,
      scopes: consent.grant.scopes,
      accessTokenSealed: sealToken(consent.grant.accessToken),
      refreshTokenSealed: sealToken(consent.grant.refreshToken),
      accessTokenExpiresAt: consent.grant.accessTokenExpiresAt,
      expiresAt: new Date(Date.now() + PENDING_CONSENT_MINUTES * 60_000),
    })
    .returning({ id: pendingXeroConsents.id });
  return pending.id;
}

async function boundTenantOf(workspaceId: string | undefined) {
  if (!workspaceId) return undefined;
  const [workspace] = await db
    .select({ tenantId: workspaces.xeroTenantId, name: workspaces.name })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return workspace?.tenantId ? { tenantId: workspace.tenantId, name: workspace.name } : undefined;
}

/** Signs a user into their last workspace, or their first. */
async function landUser(user: User): Promise<ConsentOutcome> {
  const memberOf = await listMemberWorkspaces(user.id);
  const target = memberOf.find((workspace) => workspace.id === user.lastWorkspaceId) ?? memberOf[0];
  if (!target) return { kind: "welcome", userId: user.id };
  return enter(user.id, target);
}

async function enter(userId: string, workspace: { id: string; slug: string }): Promise<ConsentOutcome> {
  await rememberLastWorkspace(userId, workspace.id);
  return { kind: "enter", userId, workspaceId: workspace.id, workspaceSlug: workspace.slug };
}

async function useOrganisation(consent: Consent, organisation: ConsentedOrganisation): Promise<ConsentOutcome> {
  const outcome = await bindChosenOrganisation(consent, organisation);
  await releaseUnused(consent.grant.accessToken, consent.organisations);
  return outcome;
}

async function bindChosenOrganisation(consent: Consent, organisation: ConsentedOrganisation): Promise<ConsentOutcome> {
  const { user, journey, grant } = consent;
  const existing = await workspaceForTenant(organisation.tenantId);
  const targetId = journey.journey === "signup" ? existing?.id : journey.workspaceId;

  if (existing && existing.id !== targetId) {
    const isMember = Boolean(await membershipRole(user.id, existing.id));
    // Connecting a new, empty workspace to an organisation already in Solido: the empty one goes.
    const discarded = targetId && journey.journey === "connect" ? await discardEmptyWorkspace(targetId, user.id) : false;
    if (isMember) return organisationTaken(user.id, existing, organisation.tenantName, existing.slug);
    const outcome = await offerAccessTo(user.id, existing, organisation.tenantName);
    return discarded ? { ...outcome, workspaceSlug: (await listMemberWorkspaces(user.id))[0]?.slug } : outcome;
  }
  if (existing && journey.journey === "signup") {
    // Signing up into an organisation that already has a workspace: members go in
    // (and a broken connection is mended with this fresh grant); others are told whom to ask.
    const role = await membershipRole(user.id, existing.id);
    if (!role) return offerAccessTo(user.id, existing, existing.name);
    if (existing.connectionStatus !== "connected" && role !== "viewer") {
      await bind(consent, organisation, existing.id);
    }
    return enter(user.id, existing);
  }
  if (targetId) {
    const role = await membershipRole(user.id, targetId);
    if (role !== "owner" && role !== "admin") return { kind: "refused", userId: user.id, reason: "not-admin" };
  }

  const details = await organisationDetailsOrGone(grant.accessToken, organisation.tenantId);
  if (!details) return { kind: "refused", userId: user.id, reason: "organisation-gone", organisationName: organisation.tenantName };
  try {
    const workspace = await db.transaction(async (tx) => {
      const id = targetId ?? (await createWorkspace(tx, { name: details.name, ownerId: user.id })).id;
      await bindOrganisation(tx, {
        workspaceId: id,
        userId: user.id,
        organisation: { ...organisation, ...details },
        grant,
      });
      const [bound] = await tx.select({ id: workspaces.id, slug: workspaces.slug }).from(workspaces).where(eq(workspaces.id, id));
      return bound;
    });
    await logXeroConnectionCount(`organisation ${organisation.tenantId} connected`);
    return enter(user.id, workspace);
  } catch (error) {
    if (isUniqueViolation(error, "workspaces_xero_tenant_id_unique")) {
      // Another workspace took this organisation between our check and our write.
      return { kind: "refused", userId: user.id, reason: "organisation-taken", organisationName: organisation.tenantName };
    }
    throw error;
  }
}

/** The organisation's details, or nothing when Xero says it is no longer connected (403). */
async function organisationDetailsOrGone(accessToken: string, tenantId: string) {
  try {
    return await organisationDetails(accessToken, tenantId);
  } catch (error) {
    if (readXeroFailure(error).status === 403) return undefined;
    throw new XeroAuthorizationError("unavailable", `Xero did not answer: ${String(error)}`);
  }
}

/** "…is already connected to Solido by X; ask them to invite you." */
function organisationTaken(
  userId: string,
  holder: { connectedByName: string | null; connectedByEmail: string | null },
  organisationName: string,
  workspaceSlug?: string,
): ConsentOutcome {
  const connectedBy = holder.connectedByName ?? holder.connectedByEmail ?? undefined;
  return { kind: "refused", userId, reason: "organisation-taken", organisationName, connectedBy, workspaceSlug };
}

/** "…is already in Solido; Dana looks after it. Ask for access": Xero has just shown this user can reach the organisation. */
async function offerAccessTo(
  userId: string,
  holder: { id: string; connectedByName: string | null; connectedByEmail: string | null },
  organisationName: string,
): Promise<Extract<ConsentOutcome, { kind: "refused" }>> {
  const [offer, admins] = await Promise.all([offerAccess(holder.id, userId), workspaceAdmins(holder.id)]);
  const connectedBy = holder.connectedByName ?? holder.connectedByEmail ?? undefined;
  return {
    kind: "refused",
    userId,
    reason: "organisation-taken",
    organisationName,
    connectedBy,
    access: { requestId: offer.id, status: offer.status, admins: admins.map((admin) => admin.name) },
  };
}

async function bind(consent: Consent, organisation: ConsentedOrganisation, workspaceId: string) {
  const details = await organisationDetailsOrGone(consent.grant.accessToken, organisation.tenantId);
  if (!details) return;
  await db.transaction((tx) =>
    bindOrganisation(tx, { workspaceId, userId: consent.user.id, organisation: { ...organisation, ...details }, grant: consent.grant }),
  );
  await logXeroConnectionCount(`organisation ${organisation.tenantId} reconnected`);
}

/** Disconnects the organisations of this consent that no workspace uses. Best effort: a failure here loses nothing. */
async function releaseUnused(accessToken: string, organisations: ConsentedOrganisation[]) {
  const inUse = await connectionIdsInUse(organisations.map((organisation) => organisation.connectionId));
  for (const organisation of organisations) {
    if (inUse.has(organisation.connectionId)) continue;
    await disconnectOrganisation(accessToken, organisation.connectionId).catch((error) => {
      if (readXeroFailure(error).status === 404) return; // already gone at Xero
      console.warn(`Could not disconnect unused Xero connection ${organisation.connectionId}: ${String(error)}`);
    });
  }
}

function isUniqueViolation(error: unknown, constraint: string) {
  const cause = (error as { cause?: { code?: string; constraint_name?: string } })?.cause ?? (error as { code?: string; constraint_name?: string });
  return cause?.code === "23505" && cause.constraint_name === constraint;
}
