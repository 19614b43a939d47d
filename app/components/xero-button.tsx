// "Sign up with Xero" / "Sign in with Xero" / "Connect Xero", styled as Xero's
// branding guidelines ask: Xero blue, the Xero mark, the words "with Xero".
import type { LinkProps } from "@remix-run/react";
import type { ButtonHTMLAttributes } from "react";
import { Button, LinkButton } from "./button";
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
