#!/usr/bin/env sh
# The whole suite: typecheck, lint and tests of every package, then one summary line.
set -u
cd "$(dirname "$0")/.."
rm -rf packages/*/.test-report plugins/*/.test-report apps/*/.test-report
turbo run typecheck lint test --output-logs=errors-only "$@"
status=$?
node scripts/test-summary.mjs || status=1
exit $status
