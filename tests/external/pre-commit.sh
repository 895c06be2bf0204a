#!/usr/bin/env bash
# The pre-commit hooks of .pre-commit-hooks.yaml, run by the real pre-commit framework (from
# PyPI) in a temporary git repository of bulletins:
#   - `cuadra`: a commit holding a placeholder fails and the finding is shown; a clean commit
#     passes; files that are not bulletins (a LICENSE, a Python file) are not passed to it;
#   - `cuadra-fix`: a doubled word is fixed in the file and the commit stops so the fix can be
#     reviewed; the next commit passes.
# pre-commit builds cuadra with `cargo install --path` from a snapshot of this working tree
# (the first run takes minutes; the target directory under target/external is reused).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

for tool in git cargo; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        skip "pre-commit hooks: $tool is not installed"
        finish hooks
        exit
    fi
done
if ! bin=$(python_tools); then
    skip "pre-commit hooks: pre-commit could not be installed from PyPI"
    finish hooks
    exit
fi
export PATH="$bin:$PATH"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/pre-commit-home"
cargo_install_env
rev=$(snapshot_repo "$work/cuadra")

repo="$work/bulletins"
new_repo "$repo"
cd "$repo"
cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $work/cuadra
    rev: $rev
    hooks:
      - id: cuadra
EOF
git add .pre-commit-config.yaml
pre-commit install --install-hooks >"$work/install.log" 2>&1 || {
    tail -30 "$work/install.log"
    fail "pre-commit could not build the hook (cargo install --path)"
    finish hooks
    exit 1
}
pass "pre-commit builds the rust hook"

# Not bulletins: never passed to cuadra, whatever they hold.
printf 'Copyright [yyyy] [name of copyright owner]\n' >LICENSE
printf 'x = "XX"  # No. ___\n' >tool.py
git add LICENSE tool.py
if git commit --quiet -m "tools" >"$work/c0.log" 2>&1; then
    pass "files that are not bulletins are not checked"
else
    cat "$work/c0.log"
    fail "a LICENSE or Python file was checked"
fi

printf 'Ciudad de México, _____ de mayo de 2024\n\nNo. 2__/2024\n' >"boletín 1.md"
git add "boletín 1.md"
if git commit --quiet -m "bulletin with a placeholder" >"$work/c1.log" 2>&1; then
    cat "$work/c1.log"
    fail "a bulletin with a placeholder was committed"
elif grep -q "placeholder.underscores" "$work/c1.log" && grep -q "Dato sin llenar" "$work/c1.log" \
    && grep -q "boletín 1.md:1:19" "$work/c1.log"; then
    pass "a placeholder stops the commit and the finding is shown"
else
    cat "$work/c1.log"
    fail "the commit failed without showing the finding"
fi

printf 'Ciudad de México, 12 de mayo de 2024\n\nNo. 215/2024\n' >"boletín 1.md"
printf 'Texto de la nota.\n' >notas.txt
git add "boletín 1.md" notas.txt
if git commit --quiet -m "clean bulletin" >"$work/c2.log" 2>&1; then
    pass "a clean bulletin is committed"
else
    cat "$work/c2.log"
    fail "a clean bulletin was refused"
fi

# The fixing hook, from the same build.
cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $work/cuadra
    rev: $rev
    hooks:
      - id: cuadra-fix
EOF
printf 'El programa de de salud sigue.\n' >segundo.md
git add .pre-commit-config.yaml segundo.md
if git commit --quiet -m "doubled word" >"$work/c3.log" 2>&1; then
    cat "$work/c3.log"
    fail "cuadra-fix let a fixable commit through unchanged"
elif [ "$(cat segundo.md)" = "El programa de salud sigue." ] && grep -q "files were modified by this hook" "$work/c3.log"; then
    pass "cuadra-fix fixes the file and stops the commit for review"
else
    cat "$work/c3.log"
    fail "cuadra-fix did not fix the file: $(cat segundo.md)"
fi
git add segundo.md
if git commit --quiet -m "fixed" >"$work/c4.log" 2>&1; then
    pass "the fixed file is committed"
else
    cat "$work/c4.log"
    fail "the fixed file was refused"
fi

finish hooks
