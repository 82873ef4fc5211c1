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
