/// Removes secrets from URLs before they are logged or published.
public enum URLRedaction {
  /// Query parameters whose values are masked (compared case-insensitively, `-` and `_` alike).
  static let secretParameters: Set<String> = [
    "token", "key", "apikey", "api_key", "access_token", "password", "sig", "secret",
    "client_secret", "refresh_token", "auth", "code",
  ]

  /// Drops the user and password of a URL (`https://user:token@host/x` → `https://host/x`) and
  /// masks secret query values (`?token=abc` → `?token=REDACTED`). scp-style remotes
  /// (`git@host:owner/repo`) and local paths are returned as they are.
  public static func stripCredentials(_ url: String) -> String {
    guard let schemeEnd = url.range(of: "://") else { return url }
    let scheme = url[..<schemeEnd.upperBound]
    var rest = url[schemeEnd.upperBound...]
    // The authority ends at the first "/", "?" or "#"; credentials are what precede its last "@".
    let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
    if let at = rest[..<authorityEnd].lastIndex(of: "@") {
      rest = rest[rest.index(after: at)...]
    }
    return String(scheme) + maskQuery(String(rest))
  }

  private static func maskQuery(_ text: String) -> String {
    guard let question = text.firstIndex(of: "?") else { return text }
    let fragmentStart = text[question...].firstIndex(of: "#") ?? text.endIndex
    let query = text[text.index(after: question)..<fragmentStart]
    let masked = query.split(separator: "&", omittingEmptySubsequences: false).map { pair in
      guard let equals = pair.firstIndex(of: "=") else { return String(pair) }
      let name = pair[..<equals].lowercased().replacingOccurrences(of: "-", with: "_")
      return secretParameters.contains(name) || secretParameters.contains(name.replacingOccurrences(of: "_", with: "")) ? "\(pair[..<equals])=REDACTED" : String(pair)
    }
    return String(text[...question]) + masked.joined(separator: "&") + text[fragmentStart...]
  }
}
