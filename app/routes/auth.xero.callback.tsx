// Where Xero sends the browser back. Success lands the user in a workspace (or
// the organisation picker); anything else is explained here in plain words
// with a way forward — never a stack trace, never a blank page.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { LinkButton } from "~/components/button";
import { CenteredPage } from "~/components/centered-page";
import { RefusalPage, type RefusalView } from "~/components/refusal-page";
import { XeroLinkButton } from "~/components/xero-button";
import { startSession } from "~/http/session.server";
import { completeConsent, type ConsentOutcome } from "~/xero/consent.server";
import {
  completeXeroAuthorization,
  forgetJourney,
  XeroAuthorizationError,
  type AuthorizationFailure,
  type XeroJourney,
} from "~/xero/authorization.server";

export const meta: MetaFunction = () => [{ title: "Xero · Solido" }];

type View =
  | { view: "failure"; reason: AuthorizationFailure; journey: string; workspaceSlug: string | null }
  | ({ view: "refused" } & RefusalView);

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const startFailure = url.searchParams.get("failure") as AuthorizationFailure | null;
  if (startFailure) {
    const view: View = {
      view: "failure",
      reason: startFailure,
      journey: url.searchParams.get("journey") ?? "signin",
      workspaceSlug: url.searchParams.get("workspace"),
    };
    return data(view, { status: 503 });
  }

  let journey: XeroJourney | undefined;
  try {
    const completed = await completeXeroAuthorization(request);
    journey = completed.journey;
    const outcome = await completeConsent(completed.journey, completed.grant);
    return await respond(request, outcome, completed.journey);
  } catch (error) {
    if (!(error instanceof XeroAuthorizationError)) throw error;
    journey ??= error.journey;
    const view: View = { view: "failure", reason: error.reason, journey: journey?.journey ?? "signin", workspaceSlug: journey?.workspaceSlug ?? null };
    if (error.reason === "unavailable") console.warn(`Xero journey failed: ${error.message}`);
    return data(view, {
      status: error.reason === "unavailable" ? 503 : 400,
      headers: { "Set-Cookie": await forgetJourney() },
    });
  }
}

async function respond(request: Request, outcome: ConsentOutcome, journey: XeroJourney) {
  const forget = await forgetJourney();
  const withForget = (response: Response) => {
    response.headers.append("Set-Cookie", forget);
    return response;
  };
  switch (outcome.kind) {
    case "enter": {
      const destination =
        journey.journey === "reconnect"
          ? `/w/${outcome.workspaceSlug}/settings/integrations`
          : (journey.redirectTo ?? `/w/${outcome.workspaceSlug}`);
      const toast =
        journey.journey === "reconnect"
          ? "Reconnected to Xero. Syncing has resumed."
          : journey.journey === "signin"
            ? undefined
            : "Connected to Xero. Your invoices are on their way.";
      return withForget(
        await startSession(request, outcome.userId, destination, outcome.workspaceId, toast ? { kind: "success", message: toast } : undefined),
      );
    }
    case "welcome":
      return withForget(await startSession(request, outcome.userId, "/workspaces/new"));
    case "choose":
      return withForget(await startSession(request, outcome.userId, `/auth/xero/choose?consent=${outcome.consentId}`));
    case "refused": {
      const signedIn = await startSession(request, outcome.userId, "/");
      const view: View = {
        view: "refused",
        reason: outcome.reason,
        organisationName: outcome.organisationName ?? null,
        connectedBy: outcome.connectedBy ?? null,
        workspaceSlug: outcome.access ? (outcome.workspaceSlug ?? null) : (outcome.workspaceSlug ?? journey.workspaceSlug ?? null),
        access: outcome.access ?? null,
      };
      const headers = new Headers();
      for (const cookie of signedIn.headers.getSetCookie()) headers.append("Set-Cookie", cookie);
      headers.append("Set-Cookie", forget);
      return data(view, { status: 409, headers });
    }
  }
}

const FAILURES: Record<AuthorizationFailure, { title: string; text: string }> = {
  cancelled: {
    title: "You cancelled at Xero",
    text: "No problem — nothing was connected and nothing was shared. You can try again whenever you're ready.",
  },
  state: {
    title: "That sign-in link has expired",
    text: "For your security, each trip to Xero works once, in the browser that started it, for ten minutes. Please start again.",
  },
  code: {
    title: "Xero didn't confirm the sign-in",
    text: "Xero refused to complete this sign-in, usually because the page was reloaded or opened twice. Please start again.",
  },
  unavailable: {
    title: "We couldn't reach Xero",
    text: "Xero didn't answer just now. This is usually brief — please try again in a minute. Nothing was changed.",
  },
  identity: {
    title: "We couldn't confirm who you are",
    text: "Xero's answer about your identity didn't check out, so we stopped for your safety. Please try again.",
  },
};

function retryPath(journey: string, workspaceSlug: string | null) {
  if ((journey === "connect" || journey === "reconnect") && workspaceSlug) return `/w/${workspaceSlug}/settings/integrations`;
  return journey === "signup" ? "/signup" : "/auth/xero/signin";
}

export default function XeroCallback() {
  const view = useLoaderData<typeof loader>() as View;
  if (view.view === "failure") {
    const explained = FAILURES[view.reason] ?? FAILURES.unavailable;
    return (
      <CenteredPage title={explained.title}>
        <p>{explained.text}</p>
        <div className="flex flex-wrap gap-3">
          <XeroLinkButton to={retryPath(view.journey, view.workspaceSlug)} reloadDocument size="md">
            Try again
          </XeroLinkButton>
          <LinkButton to="/" variant="secondary">
            Back to Solido
          </LinkButton>
        </div>
      </CenteredPage>
    );
  }
  return <RefusalPage refusal={view} />;
}
