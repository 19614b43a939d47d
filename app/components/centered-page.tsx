// The frame for pages outside a workspace: sign in, choosing an organisation,
// explanations after a trip to Xero, support and policies.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Card } from "./card";
import { SiteFooter } from "./site-footer";

export function CenteredPage({ title, children, wide = false, prose = false }: { title: string; children: ReactNode; wide?: boolean; prose?: boolean }) {
  return (
    <div className="flex min-h-full flex-col items-center bg-slate-50 px-4 py-12">
      {/* Landmarks, so a screen reader can jump straight to the page's content. */}
      <header className="mb-8">
        <Link to="/" className="flex items-center gap-2 rounded text-lg font-semibold tracking-tight text-slate-900">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          Solido
        </Link>
      </header>
      <main className={`w-full ${prose ? "max-w-2xl" : wide ? "max-w-xl" : "max-w-md"}`}>
        <Card className="p-6 sm:p-8">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
          <div className="mt-4 space-y-4 break-words text-slate-700">{children}</div>
        </Card>
      </main>
      <SiteFooter className="mt-10" />
    </div>
  );
}
