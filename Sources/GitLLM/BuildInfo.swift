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
    let curl = curl_version_info(CURLversion(rawValue: UInt32(CURLVERSION_TENTH.rawValue))).pointee
    return [
      "libgit2": "\(major).\(minor).\(revision)",
      "libcurl": curl.version.map { String(cString: $0) } ?? "unknown",
      "sqlite": String(cString: sqlite3_libversion()),
    ]
  }
}
