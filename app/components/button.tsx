// The app's buttons. A link that looks like a button is a LinkButton (it
// navigates); a Button does something (submits a form, opens a drawer).
import { Link, type LinkProps } from "@remix-run/react";
import { forwardRef, type ButtonHTMLAttributes } from "react";
import { cx } from "./class-names";

type Variant = "primary" | "secondary" | "ghost" | "danger" | "xero";
type Size = "md" | "lg";

const VARIANTS: Record<Variant, string> = {
  primary: "bg-teal-700 text-white shadow-sm hover:bg-teal-800",
  secondary: "bg-white text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50",
  ghost: "text-slate-700 hover:bg-slate-100",
  danger: "bg-red-700 text-white shadow-sm hover:bg-red-800",
  // Xero's blue with dark text: white on #13B5EA would fail WCAG AA contrast.
  xero: "bg-xero text-slate-950 shadow-sm hover:bg-xero-hover",
};

const SIZES: Record<Size, string> = {
  md: "gap-2 px-3.5 py-2 text-sm",
  lg: "gap-2.5 px-5 py-3 text-base",
};

export function buttonClassName({ variant = "primary", size = "md" }: { variant?: Variant; size?: Size } = {}) {
  return cx(
    "inline-flex items-center justify-center rounded-md font-semibold transition-colors",
    "disabled:cursor-not-allowed disabled:opacity-60",
    VARIANTS[variant],
    SIZES[size],
  );
}

type StyleProps = { variant?: Variant; size?: Size };

export const Button = forwardRef<HTMLButtonElement, ButtonHTMLAttributes<HTMLButtonElement> & StyleProps>(
  function Button({ variant, size, className, type = "button", ...props }, ref) {
    return <button ref={ref} type={type} className={cx(buttonClassName({ variant, size }), className)} {...props} />;
  },
);

export const LinkButton = forwardRef<HTMLAnchorElement, LinkProps & StyleProps>(function LinkButton(
  { variant, size, className, ...props },
  ref,
) {
  return <Link ref={ref} className={cx(buttonClassName({ variant, size }), className)} {...props} />;
});
