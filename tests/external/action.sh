#!/usr/bin/env bash
# The composite GitHub Action (action.yml), its steps run locally as the runner would run
# them (tests/external/run_action.py): it installs cuadra from the action's own checkout,
# annotates findings with workflow commands, fills the job summary, writes SARIF on request,
# fails the job on findings, passes a clean tree, and never runs an input as shell code.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

for tool in git cargo; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        skip "GitHub Action: $tool is not installed"
        finish action
        exit
    fi
done
if ! bin=$(python_tools); then
    skip "GitHub Action: PyYAML could not be installed from PyPI"
    finish action
    exit
fi
python="$bin/python"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo_install_env
snapshot_repo "$work/action" >/dev/null

field() { # result-json python-expression
    "$python" -c "import json,sys; r=json.load(open(sys.argv[1], encoding='utf-8')); print($2)" "$1"
}

# A tree with a placeholder, a SARIF file asked for.
ws="$work/ws"
mkdir -p "$ws/boletines"
printf 'Ciudad de México, _____ de mayo de 2024\n\nEl programa de de salud sigue.\n' >"$ws/boletines/b.md"
"$python" "$root/tests/external/run_action.py" "$work/action" "$ws" "$work/r1.json" \
    paths=boletines sarif-file=cuadra.sarif
install=$(field "$work/r1.json" "r['steps'][0]['code']")
if [ "$install" != 0 ]; then
    field "$work/r1.json" "r['steps'][0]['stderr'][-3000:]"
    fail "the action could not install cuadra"
    finish action
    exit 1
fi
pass "the action installs cuadra from its checkout"
code=$(field "$work/r1.json" "r['steps'][1]['code']")
stdout=$(field "$work/r1.json" "r['steps'][1]['stdout']")
if [ "$code" = 1 ] && grep -q '^::error file=boletines/b.md,line=1,col=19,endLine=1,endColumn=24,title=placeholder.underscores::' <<<"$stdout" \
    && grep -q '^::warning file=boletines/b.md,line=3' <<<"$stdout"; then
    pass "findings become annotations and fail the step"
else
    echo "$stdout"
    fail "annotations or exit code (got $code)"
fi
summary=$(field "$work/r1.json" "r['summary']")
if grep -qF '| error | boletines/b\.md:1:19 | placeholder\.underscores |' <<<"$summary"; then
    pass "the job summary lists the findings"
else
    echo "$summary"
    fail "the job summary"
fi
if [ "$(field "$work/r1.json" "r['outputs']['sarif-file']")" = cuadra.sarif ] \
    && "$python" -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['version']=='2.1.0' and len(d['runs'][0]['results'])==2" "$ws/cuadra.sarif"; then
    pass "SARIF is written for code scanning"
else
    fail "SARIF output"
fi

# A clean tree passes; inputs with spaces and options work.
ws2="$work/ws2"
mkdir -p "$ws2/sub dir"
printf 'Texto limpio.\n' >"$ws2/sub dir/a.md"
printf 'Otro texto.\n' >"$ws2/b.txt"
"$python" "$root/tests/external/run_action.py" "$work/action" "$ws2" "$work/r2.json" \
    "paths=b.txt
sub" "args=--fail-on warning"
if [ "$(field "$work/r2.json" "r['steps'][1]['code']")" = 2 ]; then
    pass "a path that does not exist is an error (exit 2)"
else
    fail "missing path: $(field "$work/r2.json" "r['steps'][1]")"
fi
mv "$ws2/sub dir" "$ws2/sub"
"$python" "$root/tests/external/run_action.py" "$work/action" "$ws2" "$work/r3.json" \
    "paths=b.txt
sub" "args=--fail-on warning"
if [ "$(field "$work/r3.json" "r['steps'][1]['code']")" = 0 ] \
    && grep -q "0 errors, 0 warnings, 0 infos in 0 of 2 files checked" <<<"$(field "$work/r3.json" "r['steps'][1]['stdout']")"; then
    pass "a clean tree passes"
else
    field "$work/r3.json" "r['steps'][1]"
    fail "a clean tree"
fi

# Inputs are data, never shell code.
"$python" "$root/tests/external/run_action.py" "$work/action" "$ws2" "$work/r4.json" \
    'paths=$(touch pwned) `touch pwned2`; touch pwned3' >/dev/null
if [ ! -e "$ws2/pwned" ] && [ ! -e "$ws2/pwned2" ] && [ ! -e "$ws2/pwned3" ] \
    && [ "$(field "$work/r4.json" "r['steps'][1]['code']")" = 2 ]; then
    pass "inputs cannot run commands"
else
    fail "an input ran as shell code"
fi

finish action
