// Validate tune.json / test.json and print counts per category × locale.
// Usage: node tests/eval/ask/count.mjs
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dir = path.dirname(fileURLToPath(import.meta.url));
const CATS = ["specific", "broad", "compare", "about", "out-of-scope", "off-topic", "followup"];
const LOCS = ["zh-CN", "zh-TW", "en-US"];
const KINDS = ["section", "part", "compare", "none", "any"];
let bad = 0;

for (const name of ["tune.json", "test.json"]) {
  const data = JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")); // throws if not JSON
  const qs = data.questions;
  if (!Array.isArray(qs)) throw new Error(`${name}: no questions array`);
  const table = Object.fromEntries(CATS.map((c) => [c, Object.fromEntries(LOCS.map((l) => [l, 0]))]));
  for (const it of qs) {
    const e = it.expect ?? {};
    const problems = [];
    if (typeof it.q !== "string" || !it.q.trim()) problems.push("empty q");
    if (!LOCS.includes(it.locale)) problems.push("locale");
    if (!CATS.includes(it.category)) problems.push("category");
    if (!KINDS.includes(e.kind)) problems.push("kind");
    if (e.kind === "section" && !e.ids?.length) problems.push("ids");
    if ((e.kind === "part" || e.kind === "compare") && !e.parts?.length) problems.push("parts");
    for (const u of e.uncovered ?? []) if (!it.q.includes(u)) problems.push(`uncovered "${u}" not in q`);
    if (it.category === "out-of-scope" && !e.uncovered?.length) problems.push("oos without uncovered");
    if (it.category === "followup" && !it.context?.length) problems.push("followup without context");
    if (problems.length) { bad++; console.error(`${name}: ${problems.join(", ")}: ${it.q}`); }
    if (table[it.category]?.[it.locale] !== undefined) table[it.category][it.locale]++;
  }
  console.log(`\n${name}: ${qs.length} questions`);
  const pad = (s, n) => String(s).padEnd(n);
  console.log(pad("category", 14) + LOCS.map((l) => pad(l, 7)).join("") + "total");
  const col = Object.fromEntries(LOCS.map((l) => [l, 0]));
  for (const c of CATS) {
    const row = LOCS.map((l) => table[c][l]);
    LOCS.forEach((l) => (col[l] += table[c][l]));
    console.log(pad(c, 14) + row.map((n) => pad(n, 7)).join("") + row.reduce((a, b) => a + b, 0));
  }
  console.log(pad("total", 14) + LOCS.map((l) => pad(col[l], 7)).join("") + qs.length);
}
if (bad) { console.error(`\n${bad} invalid item(s)`); process.exit(1); }
