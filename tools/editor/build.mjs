// Bundle editor.js into ../../kg/static/vendor/codemirror.js (one minified file) and gather
// the licences of every package in it into ../../kg/static/vendor/codemirror.LICENSES.txt.
// Run: npm ci && npm run build
import { build } from "esbuild";
import { readFileSync, existsSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const out = "../../kg/static/vendor";
const result = await build({
  entryPoints: ["editor.js"],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  legalComments: "none",
  metafile: true,
  outfile: join(out, "codemirror.js"),
});

const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (match) packages.set(match[1], join("node_modules", match[1]));
}
const sections = [];
for (const [name, folder] of [...packages].sort()) {
  const { version, license } = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
  const file = ["LICENSE", "LICENSE.md", "LICENSE.txt", "license"].map((f) => join(folder, f)).find(existsSync);
  if (!file) throw new Error(`${name}: no licence file`);
  sections.push(`${name} ${version} (${license})\n\n${readFileSync(file, "utf8").trim()}\n`);
}
writeFileSync(
  join(out, "codemirror.LICENSES.txt"),
  "Licences of the packages bundled into codemirror.js (tools/editor: npm ci && npm run build)\n\n" +
    sections.join("\n" + "-".repeat(72) + "\n\n"),
);
console.log(`bundled ${packages.size} packages: ${[...packages.keys()].sort().join(", ")}`);
