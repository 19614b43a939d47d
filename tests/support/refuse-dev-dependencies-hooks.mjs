// The resolve hook behind refuse-dev-dependencies.mjs.
import fs from "node:fs";

const manifest = JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
const production = new Set(Object.keys(manifest.dependencies));
const devOnly = new Set(Object.keys(manifest.devDependencies).filter((name) => !production.has(name)));
const packageOf = (specifier) => (specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]);

export async function resolve(specifier, context, next) {
  const fromOurCode = context.parentURL?.startsWith("file:") && !context.parentURL.includes("/node_modules/");
  if (fromOurCode && devOnly.has(packageOf(specifier))) {
    throw new Error(`${specifier} is a devDependency, absent from a production install, yet ${context.parentURL} imports it`);
  }
  return next(specifier, context);
}
