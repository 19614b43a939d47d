// Why Solido would not connect an organisation, and what to do instead.
import { Form } from "@remix-run/react";
import { possessive } from "~/display/display-name";
import type { Refusal } from "~/xero/consent.server";
import { Button, LinkButton } from "./button";
import { CenteredPage } from "./centered-page";

export type RefusalView = {
  reason: Refusal;
  organisationName: string | null;
  connectedBy: string | null;
  workspaceSlug: string | null;
  /** Someone who shares the organisation: who looks after its workspace, and their one-click request. */
  access?: { requestId: string; status: "offered" | "requested" | "approved" | "declined"; admins: string[] } | null;
};

/** "Dana", "Dana and Rua", "Dana, Rua and Mere". */
export function listOfNames(names: string[]) {
  if (names.length <= 1) return names[0] ?? "the workspace's owner";
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

function AccessRequestOffer({ view }: { view: RefusalView }) {
  const access = view.access!;
  const organisation = view.organisationName ?? "This organisation";
  const admins = listOfNames(access.admins);
  return (
    <>
      <p>
        <strong>{organisation}</strong> is already in Solido. <strong>{admins}</strong> {access.admins.length > 1 ? "look" : "looks"} after its
        workspace: they can let you in.
      </p>
      {access.status === "requested" ? (
        <p role="status">You've asked already. You'll get an email as soon as {admins} {access.admins.length > 1 ? "let" : "lets"} you in.</p>
      ) : (
        <Form method="post" action={`/access-requests/${access.requestId}`}>
          <Button type="submit" size="lg" className="w-full">
            Ask {access.admins.length === 1 ? admins : "them"} for access
          </Button>
        </Form>
      )}
    </>
  );
}

function RefusalText({ view }: { view: RefusalView }) {
  const organisation = view.organisationName ?? "This organisation";
  switch (view.reason) {
    case "organisation-taken":
      if (view.access) return <AccessRequestOffer view={view} />;
      return (
        <p>
          <strong>{organisation}</strong> is already connected to Solido
          {view.connectedBy ? (
            <>
              {" "}
              by <strong>{view.connectedBy}</strong>
            </>
          ) : null}
          . Each Xero organisation has one Solido workspace — ask them to invite you to it.
        </p>
      );
    case "no-organisation":
      return <p>You didn't choose a Xero organisation, so there was nothing to connect. Try again and tick the organisation you want Solido to work with.</p>;
    case "different-organisation":
      return (
        <p>
          This workspace holds <strong>{possessive(organisation)}</strong> invoices, so it can only be reconnected to that organisation. Choose{" "}
          <strong>{organisation}</strong> at Xero, or create a new workspace for the other organisation.
        </p>
      );
    case "different-xero-user":
      return <p>You signed in to Xero as a different person from the one signed in to Solido. Sign in to Xero with your own login and try again.</p>;
    case "not-admin":
      return <p>Only the workspace's owners and admins can connect it to Xero. Ask one of them to do it.</p>;
    case "organisation-gone":
      return <p>{organisation} is no longer connected on Xero's side. Try again and choose it at Xero.</p>;
  }
}

export function RefusalPage({ refusal }: { refusal: RefusalView }) {
  return (
    <CenteredPage title={refusal.access ? `${refusal.organisationName ?? "This organisation"} is already in Solido` : "We couldn't connect that organisation"}>
      <RefusalText view={refusal} />
      <div className="flex flex-wrap gap-3">
        {refusal.workspaceSlug ? (
          <LinkButton to={`/w/${refusal.workspaceSlug}`} variant={refusal.access ? "secondary" : "primary"}>
            Go to your workspace
          </LinkButton>
        ) : refusal.access ? null : (
          <LinkButton to="/workspaces/new">Create a workspace</LinkButton>
        )}
        <Form method="post" action="/logout">
          <Button type="submit" variant="secondary">
            Sign out
          </Button>
        </Form>
      </div>
    </CenteredPage>
  );
}
