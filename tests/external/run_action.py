"""Run a composite GitHub Action's steps locally, the way the runner does, for tests.

Usage: run_action.py ACTION_DIR WORKSPACE RESULT_JSON [input=value ...]

Reads ACTION_DIR/action.yml, fills `${{ inputs.* }}`, `${{ github.action_path }}` and
`${{ steps.<id>.outputs.* }}` (any other expression is an error, so the simulation never
guesses), and runs each `shell: bash` step with `bash --noprofile --norc -eo pipefail`, with
GITHUB_PATH, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and RUNNER_TEMP files as on a runner. Stops at
the first failing step, like a job. Writes what happened to RESULT_JSON: per step its exit code
and output, the outputs, and the step summary.
"""

import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def evaluate(text, context):
    def one(match):
        name = match.group(1)
        if name not in context:
            raise SystemExit(f"unsupported expression in action.yml: {name}")
        return context[name]

    return EXPRESSION.sub(one, str(text))


def main():
    action_dir, workspace, result_path = sys.argv[1:4]
    given = dict(arg.split("=", 1) for arg in sys.argv[4:])
    with open(os.path.join(action_dir, "action.yml"), encoding="utf-8") as f:
        action = yaml.safe_load(f)
    assert action["runs"]["using"] == "composite", "a composite action"
    declared = action.get("inputs", {})
    unknown = set(given) - set(declared)
    assert not unknown, f"inputs the action does not declare: {unknown}"
    context = {"github.action_path": action_dir}
    for name, spec in declared.items():
        context[f"inputs.{name}"] = given.get(name, str(spec.get("default", "")))

    temp = tempfile.mkdtemp()
    files = {name: os.path.join(temp, name) for name in ("path", "output", "summary")}
    for path in files.values():
        open(path, "w").close()
    path_prefix = []
    steps = []
    for index, step in enumerate(action["runs"]["steps"]):
        assert step.get("shell") == "bash", f"step {index} must say shell: bash"
        script = os.path.join(temp, f"step{index}.sh")
        with open(script, "w", encoding="utf-8") as f:
            f.write(evaluate(step["run"], context))
        env = dict(os.environ)
        env.update({k: evaluate(v, context) for k, v in (step.get("env") or {}).items()})
        env.update(
            GITHUB_PATH=files["path"],
            GITHUB_OUTPUT=files["output"],
            GITHUB_STEP_SUMMARY=files["summary"],
            GITHUB_ACTION_PATH=action_dir,
            RUNNER_TEMP=temp,
            PATH=os.pathsep.join(path_prefix + [os.environ["PATH"]]),
        )
        cwd = os.path.join(workspace, evaluate(step.get("working-directory", "."), context))
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", script],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
        )
        steps.append({"name": step.get("name", ""), "code": done.returncode, "stdout": done.stdout, "stderr": done.stderr})
        with open(files["path"], encoding="utf-8") as f:
            path_prefix = [line.strip() for line in f if line.strip()][::-1]
        outputs = {}
        with open(files["output"], encoding="utf-8") as f:
            for line in f:
                if "=" in line:
                    key, value = line.rstrip("\n").split("=", 1)
                    outputs[key] = value
        if step.get("id"):
            for key, value in outputs.items():
                context[f"steps.{step['id']}.outputs.{key}"] = value
        if done.returncode != 0:
            break
    result = {
        "steps": steps,
        "outputs": {name: evaluate(spec["value"], {**context, **{k: "" for k in missing_outputs(action, context)}})
                    for name, spec in action.get("outputs", {}).items()},
        "summary": open(files["summary"], encoding="utf-8").read(),
    }
    with open(result_path, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=1)


def missing_outputs(action, context):
    """Step outputs the action's outputs refer to that no step set (they are empty strings)."""
    names = set()
    for spec in action.get("outputs", {}).values():
        for name in EXPRESSION.findall(str(spec["value"])):
            if name.startswith("steps.") and name not in context:
                names.add(name)
    return names


if __name__ == "__main__":
    main()
