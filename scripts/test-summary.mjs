// Adds up the vitest JSON reports of all packages into one closing line. Plain JS: runs on any Node.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
const failures = [];
for (const group of ['packages', 'plugins', 'apps']) {
  if (!existsSync(group)) continue;
  for (const pkg of readdirSync(group)) {
    const file = join(group, pkg, '.test-report', 'vitest.json');
    if (!existsSync(file)) continue;
    const r = JSON.parse(readFileSync(file, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    for (const suite of r.testResults ?? []) {
      for (const t of suite.assertionResults ?? []) {
        if (t.status === 'failed') failures.push(`  ✗ ${group}/${pkg}: ${t.fullName} (${suite.name.split("/src/")[1] ?? suite.name})`);
      }
    }
    rows.push(`  ${`${group}/${pkg}`.padEnd(34)} ${String(r.numPassedTests).padStart(5)} passed ${String(r.numFailedTests).padStart(4)} failed`);
  }
}
console.log(rows.join('\n'));
if (failures.length > 0) console.log(`failed tests:\n${failures.join('\n')}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (passed === 0 || failed > 0) process.exit(1);
