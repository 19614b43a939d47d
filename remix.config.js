/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverDependenciesToBundle: [/^remix-auth/, /^@mjackson\//, /^@edgefirst-dev\//, /^arctic/, /^@oslojs\//],
  tailwind: true,
  postcss: true,
  watchPaths: ["./db/**/*.ts", "./emails/**/*.tsx", "./jobs/**/*.ts"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
