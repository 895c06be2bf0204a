# Shared by the external tests (sourced, not run): counters, where tools live, and a snapshot
# of the working tree as a git repository that pre-commit or an action can build from.
#
# A test that cannot get its tool (no python3, no registry) is SKIPPED and does not fail the
# script; once the tool runs, anything it finds wrong fails the script.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tools=${CUADRA_EXTERNAL_TOOLS:-$root/target/external}
passed=0
failed=0
skipped=0

pass() { echo "ok: $*"; passed=$((passed + 1)); }
fail() { echo "FAILED: $*"; failed=$((failed + 1)); }
skip() { echo "SKIPPED: $*"; skipped=$((skipped + 1)); }

# Print the closing line and exit non-zero if anything failed.
finish() { # name
    echo "$1: $passed passed, $failed failed, $skipped skipped"
    [ "$failed" -eq 0 ]
}

# A Python virtual environment with pre-commit (and so PyYAML); prints its bin directory.
python_tools() {
    local venv="$tools/venv"
    if [ ! -x "$venv/bin/pre-commit" ]; then
        command -v python3 >/dev/null 2>&1 || return 1
        python3 -m venv "$venv" >/dev/null 2>&1 || return 1
        timeout 600 "$venv/bin/pip" install --quiet --disable-pip-version-check "pre-commit>=3,<5" >/dev/null 2>&1 || {
            rm -rf "$venv"
            return 1
        }
    fi
    echo "$venv/bin"
}

# A git repository at $1 holding the working tree as it is now: tracked files and new files
# that are not ignored, in one commit. Prints the commit id.
snapshot_repo() { # dest
    local dest=$1
    mkdir -p "$dest"
    (cd "$root" && git ls-files -z --cached --others --exclude-standard) |
        (cd "$root" && while IFS= read -r -d '' f; do [ -f "$f" ] && printf '%s\0' "$f"; done) |
        (cd "$root" && tar --null -T - -cf -) | tar -xf - -C "$dest"
    git -C "$dest" init --quiet
    git -C "$dest" add -A
    git -C "$dest" -c user.name=cuadra-test -c user.email=test@example.invalid -c commit.gpgsign=false \
        commit --quiet -m snapshot
    git -C "$dest" rev-parse HEAD
}

# Build settings for `cargo install` in these tests: a shared target directory so a second
# build is incremental, and no optimisation (the tests check behaviour, not speed).
cargo_install_env() {
    export CARGO_TARGET_DIR="$tools/install-target"
    export CARGO_PROFILE_RELEASE_OPT_LEVEL=0
    export CARGO_PROFILE_RELEASE_DEBUG=false
    export CARGO_PROFILE_RELEASE_INCREMENTAL=true
    export CARGO_TERM_COLOR=never
}

# A new git repository at $1 with a test identity.
new_repo() { # dir
    mkdir -p "$1"
    git -C "$1" init --quiet
    git -C "$1" config user.name cuadra-test
    git -C "$1" config user.email test@example.invalid
    git -C "$1" config commit.gpgsign false
}
