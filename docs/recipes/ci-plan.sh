#!/bin/sh
# Pull-request check: validate the spec, then plan against the real
# engines. A plan with changes is the point of a pull request, so exit 2 passes; only errors
# (exit 1) fail the job. On GitHub Actions the plan also goes to the job summary.
#
#   ci-plan.sh SPEC
set -u
spec=${1:?usage: ci-plan.sh SPEC}
lpai=${LPAI_APPLY:-lpai-apply}

"$lpai" validate "$spec" || exit 1

plan=$("$lpai" plan "$spec" --detailed-exitcode 2>&1)
status=$?
printf '%s\n' "$plan"
case $status in
  0) verdict="no changes: the hosts already match this spec" ;;
  2) verdict="changes: merging applies the plan below" ;;
  *) echo "error: lpai-apply plan failed (exit $status)" >&2; exit 1 ;;
esac
echo "$verdict"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  { printf '### lpai-apply plan: %s\n\n```\n%s\n```\n' "$verdict" "$plan"; } >> "$GITHUB_STEP_SUMMARY"
fi
exit 0
