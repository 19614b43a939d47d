// `node scripts/import-cycles.mjs`: lists the import cycles among app/, jobs/, db/ and emails/
// (static imports, re-exports and dynamic imports of a literal path; type-only imports count too,
// since a cycle of types still ties the modules together for a reader). Exits 1 if there is one.
// Issue 19 asks for none; madge would say the same, but needs a download.
import fs from "node:fs";
import path from "node:path";

const root = process.cwd();
const aliases = { "~/": "app/", "~db/": "db/", "~jobs/": "jobs/", "~emails/": "emails/" };
const modules = [];
const walk = (folder) => {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) walk(file);
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) modules.push(file);
  }
};
for (const folder of ["app", "jobs", "db", "emails"]) if (fs.existsSync(folder)) walk(path.join(root, folder));

function resolve(from, specifier) {
  const [alias, target] = Object.entries(aliases).find(([prefix]) => specifier.startsWith(prefix)) ?? [];
  const base = alias ? path.join(root, target, specifier.slice(alias.length)) : specifier.startsWith(".") ? path.resolve(path.dirname(from), specifier) : null;
  if (!base) return null;
  return [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")].find((file) => fs.existsSync(file) && fs.statSync(file).isFile()) ?? null;
}

const imports = new Map(
  modules.map((file) => {
    const source = fs.readFileSync(file, "utf8");
    const found = [...source.matchAll(/(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|import\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)];
    return [file, new Set(found.map((match) => resolve(file, match[1] ?? match[2] ?? match[3])).filter(Boolean))];
  }),
);

// Tarjan's strongly connected components: each group of two or more modules reaching each other is a cycle.
let counter = 0;
const order = new Map();
const lowest = new Map();
const stack = [];
const cycles = [];
function visit(module) {
  order.set(module, counter);
  lowest.set(module, counter++);
  stack.push(module);
  for (const next of imports.get(module) ?? []) {
    if (!imports.has(next)) continue;
    if (!order.has(next)) {
      visit(next);
      lowest.set(module, Math.min(lowest.get(module), lowest.get(next)));
    } else if (stack.includes(next)) lowest.set(module, Math.min(lowest.get(module), order.get(next)));
  }
  if (lowest.get(module) !== order.get(module)) return;
  const group = [];
  let member;
  do group.push((member = stack.pop()));
  while (member !== module);
  if (group.length > 1 || imports.get(module).has(module)) cycles.push(group);
}
for (const module of imports.keys()) if (!order.has(module)) visit(module);

console.log(`${imports.size} modules, ${cycles.length} import cycle(s)`);
for (const group of cycles) console.log(`  ${group.map((file) => path.relative(root, file)).join(" ↔ ")}`);
process.exitCode = cycles.length > 0 ? 1 : 0;
