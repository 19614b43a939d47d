// The dashboard's two frames: a titled section and a single figure.
import type { ReactNode } from "react";
import { Card } from "~/components/card";

export function Section({ title, className, children, action }: { title: string; className?: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Card className={className}>
      <div className="flex items-center justify-between gap-4 border-b border-slate-200 px-5 py-3">
        <h2 className="text-base font-semibold text-slate-900">{title}</h2>
        {action}
      </div>
      <div className="p-5">{children}</div>
    </Card>
  );
}

export function Figure({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Card className="p-5">
      <p className="text-sm text-slate-600">{label}</p>
      <div className="mt-1 space-y-0.5 text-2xl font-semibold tabular-nums text-slate-900" data-testid={testId}>
        {children}
      </div>
    </Card>
  );
}
