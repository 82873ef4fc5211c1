# Shared by the ci/ scripts: install the Debian packages git-llm needs and find Swift.

# Packages needed to build and test git-llm (C libraries, git, and the test tools).
GITLLM_PACKAGES=(libgit2-dev libcurl4-openssl-dev libsqlite3-dev libssl-dev pkg-config git jq)

ensure_packages() {
  local missing=() p
  for p in "${GITLLM_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  echo "installing: ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_swift() {
  if ! command -v swift >/dev/null 2>&1; then
    for dir in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
      [ -x "$dir/swift" ] && export PATH="$dir:$PATH" && break
    done
  fi
  command -v swift >/dev/null 2>&1 || { echo "error: Swift 6 is not installed (expected /opt/swift)" >&2; exit 2; }
}

# Python tools the tests drive: pytest (fill's test runs) and the pre-commit framework.
ensure_python_tools() {
  command -v python3 >/dev/null 2>&1 || ensure_packages python3 python3-pip
  local missing=()
  python3 -m pytest --version >/dev/null 2>&1 || missing+=(pytest)
  command -v pre-commit >/dev/null 2>&1 || missing+=(pre-commit)
  ((${#missing[@]})) || return 0
  echo "installing from PyPI: ${missing[*]}" >&2
  python3 -m pip install -q "${missing[@]}" 2>&1 | grep -v 'Running pip as the' || true
  python3 -m pytest --version >/dev/null 2>&1 || { echo "error: pytest did not install" >&2; exit 2; }
  command -v pre-commit >/dev/null 2>&1 || { echo "error: pre-commit did not install" >&2; exit 2; }
}
