// Loaded with `node --import`: makes Solido's own modules fail to import any
// package that is only a devDependency, as in a production install
// (`npm prune --omit=dev`) it would not be there. Packages' own imports are
// left alone (their dependencies are theirs to declare).
import { register } from "node:module";

register("./refuse-dev-dependencies-hooks.mjs", import.meta.url);
