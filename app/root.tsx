import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Links, LiveReload, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorMessage, explainError } from "~/components/error-page";
import { NavigationProgress } from "~/components/navigation-progress";
import { Toasts } from "~/components/toasts";
import { useNonce } from "~/http/nonce";
import { readPageSession } from "~/http/session.server";
import stylesheet from "~/tailwind.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [
  { title: "Solido — get paid on time" },
  { name: "description", content: "Polite, branded payment reminders for unpaid Xero invoices." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { toast, headers } = await readPageSession(request);
  return data({ toast }, { headers });
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  // Absent when the root loader itself failed and the ErrorBoundary renders.
  const toast = useRouteLoaderData<typeof loader>("root")?.toast ?? null;
  return (
    <html lang="en-GB" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="h-full">
        <NavigationProgress />
        {children}
        <Toasts toast={toast} />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
        <LiveReload nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorMessage error={error} explained={explainError(error, "We couldn't find that page")} />;
}
