// The team page's words for roles, shared by its cards.
export type Role = "owner" | "admin" | "viewer";

export const ROLE_LABEL = { owner: "Owner", admin: "Admin", viewer: "Viewer" } as const;
export const ROLE_WORDS = { owner: "an owner", admin: "an admin", viewer: "a viewer" } as const;
export const ROLE_HELP = {
  owner: "Owner — everything, including managing owners",
  admin: "Admin — can change settings and invite",
  viewer: "Viewer — can look, not change",
} as const;
export const FIELD = "rounded-md border border-slate-300 px-3 py-2 font-normal text-slate-900";
