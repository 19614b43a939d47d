// The Xero organisations (tenants) a grant reaches, what Solido needs to know
// about each, and letting go of the ones it does not use.
import { ianaTimeZoneFromXero } from "./time-zone";
import { xeroClientWith } from "./tokens.server";

export type ConsentedOrganisation = { connectionId: string; tenantId: string; tenantName: string };

export type OrganisationDetails = {
  name: string;
  baseCurrency: string | null;
  timeZone: string;
  countryCode: string | null;
};

/**
 * The organisations picked in this consent: `/connections` lists every tenant
 * the user ever connected to Solido, and those granted just now share the
 * access token's authentication event id.
 */
export async function organisationsOfConsent(accessToken: string, authEventId: string | null): Promise<ConsentedOrganisation[]> {
  const connections = (await xeroClientWith(accessToken).updateTenants(false)) as {
    id: string;
    authEventId?: string;
    tenantId: string;
    tenantType: string;
    tenantName?: string;
  }[];
  return connections
    .filter((connection) => connection.tenantType === "ORGANISATION")
    .filter((connection) => !authEventId || connection.authEventId === authEventId)
    .map((connection) => ({
      connectionId: connection.id,
      tenantId: connection.tenantId,
      tenantName: connection.tenantName ?? "Xero organisation",
    }));
}

export async function organisationDetails(accessToken: string, tenantId: string): Promise<OrganisationDetails> {
  const { body } = await xeroClientWith(accessToken).accountingApi.getOrganisations(tenantId);
  const organisation = body.organisations?.[0];
  return {
    name: organisation?.name ?? "Xero organisation",
    baseCurrency: organisation?.baseCurrency ? String(organisation.baseCurrency) : null,
    timeZone: ianaTimeZoneFromXero(organisation?.timezone ? String(organisation.timezone) : null),
    countryCode: organisation?.countryCode ? String(organisation.countryCode) : null,
  };
}

/** Removes Solido's access to one organisation (DELETE /connections/{id}). */
export async function disconnectOrganisation(accessToken: string, connectionId: string) {
  await xeroClientWith(accessToken).disconnect(connectionId);
}

/** Revokes a refresh token at Xero, ending the grant it belongs to. */
export async function revokeGrant(refreshToken: string, accessToken: string) {
  // xero-node insists on holding an access token, even though revocation only sends the refresh
  // token, and revokes through its OpenID client, which initialize() discovers.
  const client = xeroClientWith(accessToken, refreshToken);
  await client.initialize();
  await client.revokeToken();
}
