import CCurl
import CGit2
import CSQLite

/// Facts about this build of git-llm and the C libraries it runs on.
public enum BuildInfo {
  public static let version = "0.1.0"

  /// The versions of the C libraries linked into this process, for `--version` and `doctor`.
  public static var libraryVersions: [String: String] {
    var major: Int32 = 0
    var minor: Int32 = 0
    var revision: Int32 = 0
    git_libgit2_version(&major, &minor, &revision)
    // Loading libcurl here is fine: this is for --version and doctor, not a hook's hot path.
    let curl = ccurl_load() == nil
      ? ccurl_version_info(CURLversion(rawValue: UInt32(CURLVERSION_TENTH.rawValue))).pointee.version
        .map { String(cString: $0) } ?? "unknown"
      : "not found"
    return [
      "libgit2": "\(major).\(minor).\(revision)",
      "libcurl": curl,
      "sqlite": String(cString: sqlite3_libversion()),
    ]
  }
}
