extension HookInstaller {
  /// The shell script installed as a hook. It runs the hook that was there before (`NAME.legacy`)
  /// first and stops on its failure, then git-llm: the absolute path baked in at install time, else
  /// `git-llm` on PATH or in the usual install folders, since GUI clients run hooks with a bare PATH.
  /// When git-llm cannot be found at all the hook says so and lets git go on.
  static func shim(hook: String, binaryPath: String) -> String {
    let quoted = "'" + binaryPath.replacingOccurrences(of: "'", with: "'\\''") + "'"
    return """
      #!/bin/sh
      \(marker) (\(hook)): written by `git llm install`; `git llm install --uninstall` restores what was here.
      hook=\(hook)
      dir=$(dirname "$0")
      # post-rewrite reads the rewritten commits on stdin: keep them for both hooks.
      input=/dev/null
      if [ "$hook" = post-rewrite ]; then
        input=$(mktemp "${TMPDIR:-/tmp}/git-llm-hook.XXXXXX") || exit 0
        trap 'rm -f "$input"' EXIT
        cat >"$input"
      fi
      if [ -x "$dir/$hook.legacy" ]; then
        "$dir/$hook.legacy" "$@" <"$input" || exit $?
      fi
      installed=\(quoted)
      bin=$installed
      if [ ! -x "$bin" ]; then
        bin=""
        command -v git-llm >/dev/null 2>&1 && bin=$(command -v git-llm)
        for candidate in /usr/local/bin/git-llm "$HOME/.local/bin/git-llm" /usr/bin/git-llm; do
          [ -n "$bin" ] && break
          [ -x "$candidate" ] && bin=$candidate
        done
      fi
      if [ -z "$bin" ]; then
        echo "git-llm: binary not found (installed as $installed); skipping the $hook hook. Reinstall git-llm, then run 'git llm install'." >&2
        exit 0
      fi
      "$bin" hook "$hook" "$@" <"$input"

      """
  }
}
