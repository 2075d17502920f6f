#!/usr/bin/env sh
# The whole suite: typecheck, lint and tests of every package, then one summary line.
set -u
cd "$(dirname "$0")/.."
rm -rf packages/*/.test-report plugins/*/.test-report apps/*/.test-report
# Two cores here: more parallel packages only make timing-sensitive tests (rate limits) flaky.
turbo run typecheck lint test --output-logs=errors-only --concurrency=2 "$@"
status=$?
node scripts/test-summary.mjs || status=1
exit $status
