#!/usr/bin/env node
// Summarise a V8 CPU profile (node --cpu-prof): self time by package and by function, as shares of the
// sampled time. Used with the profile commands in the README's Performance section.
//
//   node scripts/cpuprofile-summary.mjs FILE.cpuprofile [TOP]
import fs from "node:fs";

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error("usage: node scripts/cpuprofile-summary.mjs FILE.cpuprofile [TOP]");
  process.exit(2);
}
const top = Number(topArg ?? 30);
const profile = JSON.parse(fs.readFileSync(file, "utf8"));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
let total = 0;
for (const us of selfUs.values()) total += us;

/** The package a script belongs to: node_modules/<pkg>, node:<module>, the project's src or bench, or native. */
function packageOf(url) {
  if (!url) return "(native)";
  if (url.includes("node_modules/")) {
    const rest = url.split("node_modules/").pop().split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith("node:")) return `node:${url.slice(5).split("/")[0]}`;
  for (const dir of ["/src/", "/bench/", "/scripts/"]) if (url.includes(dir)) return dir.slice(1, -1);
  return url.startsWith("wasm://") ? "wasm" : url;
}

const byPackage = new Map();
const byFunction = new Map();
for (const [id, us] of selfUs) {
  const f = nodes.get(id).callFrame;
  const pkg = packageOf(f.url);
  const fn = `${f.functionName || "(anonymous)"} ${f.url ? `${f.url.split("/").slice(-2).join("/")}:${f.lineNumber + 1}` : ""}`;
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
}
const show = (title, m, n) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n))
    console.log(`${((100 * us) / total).toFixed(1).padStart(6)} %  ${k}`);
};
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
show("self time by package", byPackage, 15);
show("self time by function", byFunction, top);
