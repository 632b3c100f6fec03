#!/usr/bin/env bash
# Scores the lead agent on its labelled query set (tests/Aaba.IntegrationTests/Llm/Eval/lead-eval.json): precision and recall
# at 3, 5 and 10 for the offline ranker and for the model path through the running agent, driven by a scripted
# model on a local fake server. With OPENAI_API_KEY set (and OPENAI_BASE_URL / OPENAI_MODEL as usual) it also runs
# the set against that real model, one query at a time; that costs tokens.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ -n "${OPENAI_API_KEY:-}" ]; then
  export LEAD_EVAL_LIVE=1
  echo "OPENAI_API_KEY is set: the set also runs against ${OPENAI_MODEL:-gpt-4o-mini}${OPENAI_BASE_URL:+ at $OPENAI_BASE_URL}."
fi

rm -f .run/lead-eval.md
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test --project tests/Aaba.IntegrationTests -- --filter-class '*LeadEvaluationTests' >"$log" 2>&1
status=$?

if [ -f .run/lead-eval.md ]; then
  echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with local changes)')"
  cat .run/lead-eval.md
fi
if [ "$status" -ne 0 ]; then
  grep -vE '^\s+at ' "$log" | tail -40 >&2
  echo "The evaluation failed (exit $status)." >&2
fi
exit "$status"
