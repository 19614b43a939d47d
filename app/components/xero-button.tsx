// "Sign up with Xero" / "Sign in with Xero" / "Connect Xero", styled as Xero's
// branding guidelines ask: Xero blue, the Xero mark, the words "with Xero".
import type { LinkProps } from "@remix-run/react";
import type { ButtonHTMLAttributes } from "react";
import { Button, LinkButton, buttonClassName } from "./button";
import { XeroMark } from "./icons";

type XeroStyle = { variant?: "xero" | "secondary"; size?: "md" | "lg" };

export function XeroLinkButton({ children, variant = "xero", size = "lg", ...props }: LinkProps & XeroStyle) {
  return (
    <LinkButton variant={variant} size={size} {...props}>
      <XeroMark onBlue={variant === "xero"} />
      {children}
    </LinkButton>
  );
}

export function XeroSubmitButton({ children, variant = "xero", size = "md", ...props }: ButtonHTMLAttributes<HTMLButtonElement> & XeroStyle) {
  return (
    <Button variant={variant} size={size} type="submit" {...props}>
      <XeroMark onBlue={variant === "xero"} />
      {children}
    </Button>
  );
}

/** "Open in Xero": the same record in Xero, in a new tab. */
export function OpenInXeroLink({ href }: { href: string }) {
  return (
    <a href={href} target="_blank" rel="noreferrer" className={buttonClassName({ variant: "secondary" })}>
      Open in Xero<span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
}
