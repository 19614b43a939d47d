// Small outline icons (24px grid, after Heroicons, MIT). Decorative: the text
// next to them carries the meaning, so they are hidden from screen readers.
import type { SVGProps } from "react";

function Icon({ d, ...props }: SVGProps<SVGSVGElement> & { d: string }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.6} strokeLinecap="round" strokeLinejoin="round" aria-hidden width="20" height="20" {...props}>
      <path d={d} />
    </svg>
  );
}

type IconProps = SVGProps<SVGSVGElement>;

export const HomeIcon = (p: IconProps) => <Icon d="M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1v-9.5Z" {...p} />;
export const InvoiceIcon = (p: IconProps) => <Icon d="M7 3h7l5 5v12a1 1 0 0 1-1 1H7a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1Zm7 0v5h5M9 13h6M9 17h6" {...p} />;
export const ContactsIcon = (p: IconProps) => <Icon d="M16 19v-1a4 4 0 0 0-4-4H7a4 4 0 0 0-4 4v1M9.5 10a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7ZM21 19v-1a4 4 0 0 0-3-3.87M15.5 3.13a3.5 3.5 0 0 1 0 6.74" {...p} />;
export const BellIcon = (p: IconProps) => <Icon d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9Zm4.3 13a2 2 0 0 0 3.4 0" {...p} />;
export const SettingsIcon = (p: IconProps) => <Icon d="M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6Zm7.4-3a7.4 7.4 0 0 0-.1-1.2l2-1.6-2-3.4-2.4 1a7.5 7.5 0 0 0-2-1.2L14.5 3h-4l-.4 2.6a7.5 7.5 0 0 0-2 1.2l-2.4-1-2 3.4 2 1.6a7.4 7.4 0 0 0 0 2.4l-2 1.6 2 3.4 2.4-1a7.5 7.5 0 0 0 2 1.2l.4 2.6h4l.4-2.6a7.5 7.5 0 0 0 2-1.2l2.4 1 2-3.4-2-1.6c.1-.4.1-.8.1-1.2Z" {...p} />;
export const InboxIcon = (p: IconProps) => <Icon d="M3 13h5l1.5 3h5L16 13h5M5 5h14l2 8v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1v-6l2-8Z" {...p} />;
export const MenuIcon = (p: IconProps) => <Icon d="M4 6h16M4 12h16M4 18h16" {...p} />;
export const CloseIcon = (p: IconProps) => <Icon d="M6 6l12 12M18 6 6 18" {...p} />;
export const ChevronUpDownIcon = (p: IconProps) => <Icon d="m8 9 4-4 4 4M8 15l4 4 4-4" {...p} />;
export const PlusIcon = (p: IconProps) => <Icon d="M12 5v14M5 12h14" {...p} />;
export const CheckIcon = (p: IconProps) => <Icon d="m5 12.5 4.5 4.5L19 7.5" {...p} />;
export const PlugIcon = (p: IconProps) => <Icon d="M9 3v5M15 3v5M6 8h12v3a6 6 0 0 1-12 0V8Zm6 9v4" {...p} />;
export const ClockIcon = (p: IconProps) => <Icon d="M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Zm0-13v4.5l3 1.5" {...p} />;

/** Xero's mark, simplified: a circle with an x. Used only on "… with Xero" buttons. */
export function XeroMark({ onBlue = true, ...props }: IconProps & { onBlue?: boolean }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden width="22" height="22" {...props}>
      <circle cx="12" cy="12" r="11" fill={onBlue ? "#fff" : "#13B5EA"} />
      <path d="m8 8 8 8M16 8l-8 8" stroke={onBlue ? "#0b7fa6" : "#fff"} strokeWidth="2.4" strokeLinecap="round" />
    </svg>
  );
}
