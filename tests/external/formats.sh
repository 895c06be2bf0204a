#!/usr/bin/env bash
# The machine formats checked by tools cuadra does not control:
#   - SARIF by Microsoft's official validator, `sarif-multitool validate` from the npm
#     package @microsoft/sarif-multitool: no error-level result is allowed;
#   - JUnit XML by Python's XML parser, with its counts checked.
# Inputs: every fixture, and a directory of awkward files (a name with spaces and accents, a
# byte-order mark, CRLF, UTF-16, a binary file, fixes, secondary labels).
#
# Tools are installed under target/external (or $CUADRA_EXTERNAL_TOOLS). When a tool cannot
# be installed (no npm, no registry), the check is reported as SKIPPED and the script exits 0;
# once a tool runs, any problem it finds fails the script.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"
bin=${CUADRA_BIN:-$root/target/debug/cuadra}

if [ ! -x "$bin" ]; then
    cargo build --locked --quiet
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Awkward inputs.
awkward="$work/boletines"
mkdir -p "$awkward/sub dir"
printf '\xef\xbb\xbfNo. 2__/2024\r\n\r\nVea [el informe](https://www.gob.mx/informe anual.pdf) y http://www.imss.gob.mx/prensa.\r\n' \
    >"$awkward/sub dir/año 2024 #1.md"
printf 'El director de esta unidad médica, Doctor Juan Pérez, director de esta unidad médica, explicó que la la campaña sigue 🎉.\n' \
    >"$awkward/frase.md"
printf 'The campaign ran on [DIRECTOR NAME] TK; the the results follow.\n' >"$awkward/english.txt"
printf 'Texto limpio, sin pendientes.\n' >"$awkward/limpio.md"
printf 'PK\003\004\000\000binario' >"$awkward/foto.md"
printf '\xff\xfeX\000X\000 \000d\000e\000 \000d\000e\000\n\000' >"$awkward/utf16.md"

# Each run: a name, then the arguments of `cuadra check`.
each_run() { # function-name
    "$1" fixtures fixtures
    "$1" awkward "$awkward"
    "$1" absolute-path "$root/fixtures/seeds/imss-8va-jornada.md"
    "$1" english-only --select placeholder "$awkward/english.txt"
}

# --- SARIF -------------------------------------------------------------------------------
multitool=""
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    skip "SARIF validation: npm and node are needed to install @microsoft/sarif-multitool"
else
    if [ ! -d "$tools/sarif/node_modules/@microsoft/sarif-multitool" ]; then
        mkdir -p "$tools/sarif"
        timeout 600 npm install --prefix "$tools/sarif" --no-audit --no-fund --loglevel=error \
            @microsoft/sarif-multitool@5 >"$work/npm.log" 2>&1 || { cat "$work/npm.log"; true; }
    fi
    # The package picks its platform's self-contained executable; call it directly (the npm
    # wrapper passes arguments through a shell).
    multitool=$(cd "$tools/sarif" && node -p "require('@microsoft/sarif-multitool')" 2>/dev/null || true)
    if [ -z "$multitool" ] || [ ! -f "$multitool" ]; then
        skip "SARIF validation: @microsoft/sarif-multitool could not be installed"
        multitool=""
    else
        chmod u+x "$multitool" 2>/dev/null || true
        # The validator bundles .NET; without ICU libraries it needs invariant globalization.
        export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
    fi
fi

# Error-level results of a validator log (level defaults to "warning" in SARIF).
sarif_errors() {
    node -e '
        const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        const results = (log.runs || []).flatMap(r => r.results || []);
        const errors = results.filter(r => (r.level || "warning") === "error");
        for (const e of errors) console.log(`  ${e.ruleId}: ${JSON.stringify(e.message)}`);
        console.log(`${errors.length} errors, ${results.length - errors.length} other results`);
        process.exit(errors.length ? 1 : 0);
    ' "$1"
}

validate() { # name file
    local name=$1 file=$2 out="$work/$1.validation.sarif" rewritten="$work/$1.rewritten.sarif"
    rm -f "$out" "$rewritten"
    "$multitool" validate "$file" --output "$out" >"$work/$name.validate.log" 2>&1 || true
    if [ ! -s "$out" ]; then
        cat "$work/$name.validate.log"
        fail "SARIF $name: the validator wrote no log"
        return
    fi
    # `validate` skips a file it cannot deserialize without saying so; `rewrite` must read it.
    "$multitool" rewrite "$file" --output "$rewritten" >"$work/$name.rewrite.log" 2>&1 || true
    if [ ! -s "$rewritten" ]; then
        head -20 "$work/$name.rewrite.log"
        fail "SARIF $name: the SARIF SDK cannot read the file"
        return
    fi
    if sarif_errors "$out" >"$work/$name.errors" 2>&1; then
        pass "SARIF $name: $(tail -1 "$work/$name.errors")"
    else
        cat "$work/$name.errors"
        grep -E ': error ' "$work/$name.validate.log" | head -20 || true
        fail "SARIF $name: the validator reports errors"
    fi
}

if [ -n "$multitool" ]; then
    # The harness must be able to fail: a log with an invalid region is rejected.
    printf '%s' '{"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json","runs":[{"tool":{"driver":{"name":"t","version":"1","informationUri":"https://example.org"}},"results":[{"ruleId":"a.b","level":"error","message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a.md"},"region":{"startLine":0}}}]}]}]}' \
        >"$work/broken.sarif"
    rm -f "$work/broken.out"
    "$multitool" validate "$work/broken.sarif" --output "$work/broken.out" >/dev/null 2>&1 || true
    if [ -s "$work/broken.out" ] && ! sarif_errors "$work/broken.out" >/dev/null 2>&1; then
        pass "SARIF validator rejects an invalid log"
    else
        fail "SARIF validator accepted an invalid log: the check below would prove nothing"
    fi
    sarif_run() {
        local name=$1 code=0
        shift
        "$bin" check --format sarif --output "$work/$name.sarif" "$@" 2>"$work/$name.stderr" || code=$?
        if [ "$code" -gt 2 ] || [ ! -s "$work/$name.sarif" ]; then
            cat "$work/$name.stderr"
            fail "SARIF $name: cuadra exited $code"
            return
        fi
        validate "$name" "$work/$name.sarif"
    }
    each_run sarif_run
fi

# --- JUnit -------------------------------------------------------------------------------
if ! command -v python3 >/dev/null 2>&1; then
    skip "JUnit XML: python3 is needed to parse it"
else
    junit_run() {
        local name=$1 code=0
        shift
        "$bin" check --format junit --output "$work/$name.xml" "$@" 2>/dev/null || code=$?
        "$bin" check --format json --output "$work/$name.json" "$@" 2>/dev/null || true
        if python3 - "$work/$name.xml" "$work/$name.json" <<'PY'; then
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
report = json.load(open(sys.argv[2], encoding="utf-8"))
assert root.tag == "testsuites", root.tag
cases = root.findall("./testsuite/testcase")
failures = root.findall("./testsuite/testcase/failure")
assert int(root.get("tests")) == len(cases), (root.get("tests"), len(cases))
assert int(root.get("failures")) == len(failures) == len(report["findings"]), (root.get("failures"), len(failures))
for suite in root.findall("testsuite"):
    assert int(suite.get("tests")) == len(suite.findall("testcase")), suite.get("name")
    assert int(suite.get("failures")) == len(suite.findall("testcase/failure")), suite.get("name")
messages = sorted(f.get("message") for f in failures)
assert messages == sorted(f["message"] for f in report["findings"]), "messages survive escaping"
PY
            pass "JUnit $name: well-formed, $(grep -c '<failure ' "$work/$name.xml" || true) failures"
        else
            fail "JUnit $name: not well-formed or counts differ (cuadra exited $code)"
        fi
    }
    each_run junit_run
fi

finish formats
