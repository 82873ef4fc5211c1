import Foundation

/// Removes secrets from text before it is written to the traffic log, published, or (with
/// `log.redactPrompts`) sent to a provider.
public struct Redactor: Sendable {
  public static let mask = "[REDACTED]"

  /// Exact secret values (configured API keys, tokens), longest first.
  let literals: [String]

  /// - Parameter secrets: values to mask wherever they appear (values shorter than 6 characters
  ///   are ignored, so a stray "1" never wipes out text).
  public init(secrets: [String] = []) {
    literals = Array(Set(secrets.filter { $0.count >= 6 })).sorted { $0.count > $1.count }
  }

  /// A redactor for the settings' secret values and, when `google.credentials` names a readable
  /// credentials file, its client secret, refresh token and private key (each base64 line of the
  /// key too, so a fragment is masked as well).
  public init(settings: Settings) {
    var secrets = settings.all.filter(\.isSecret).map(\.value)
    if let path = settings["google.credentials"], !path.isEmpty,
      let credentials = try? GoogleCredentials.load(path: path)
    {
      for secret in credentials.secrets {
        secrets.append(secret)
        secrets += secret.split(whereSeparator: \.isNewline).map(String.init)
          .filter { !$0.hasPrefix("-----") && $0.count >= 16 }
      }
    }
    self.init(secrets: secrets)
  }

  public func redact(_ text: String) -> String {
    var result = text
    for secret in literals where result.contains(secret) {
      result = result.replacingOccurrences(of: secret, with: Self.mask)
    }
    for rule in Self.rules {
      let range = NSRange(result.startIndex..., in: result)
      guard rule.regex.firstMatch(in: result, range: range) != nil else { continue }
      result = rule.regex.stringByReplacingMatches(
        in: result, range: range, withTemplate: rule.template)
    }
    return result
  }

  struct Rule: @unchecked Sendable {  // NSRegularExpression is immutable and thread-safe
    let regex: NSRegularExpression
    let template: String

    init(_ pattern: String, _ template: String, caseInsensitive: Bool = false) {
      // The patterns are constants checked by the tests, so a failure here is a programming error.
      regex = try! NSRegularExpression(
        pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
      self.template = template
    }
  }

  static let rules: [Rule] = [
    Rule(
      #"-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|\z)"#,
      "-----BEGIN $1PRIVATE KEY-----\n[REDACTED]\n-----END $1PRIVATE KEY-----"),
    Rule(
      #"\b((?:proxy-)?authorization)(\s*[:=]\s*)[^\r\n"]+"#, "$1$2[REDACTED]", caseInsensitive: true
    ),
    Rule(#"\b(bearer)\s+[A-Za-z0-9\-._~+/]{8,}=*"#, "$1 [REDACTED]", caseInsensitive: true),
    Rule(
      // A secret-named key, also as the last part of a longer name (DB_PASSWORD, aws_secret_access_key,
      // GITHUB_TOKEN), assigned with = or :.
      #"\b((?:[A-Za-z0-9]+[_.\-])*(?:x-api-key|api-key|x-goog-api-key|api_key|apikey|access_token|refresh_token|client_secret|private_key_id|secret_access_key|secret_key|password|passwd|secret|token))(["']?\s*[:=]\s*["']?)([^\s"',;&}]{4,})"#,
      "$1$2[REDACTED]", caseInsensitive: true),
    Rule(
      #"\b(sk-ant-[A-Za-z0-9_\-]{8,}|sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{16,}|(?:ghp|gho|ghs|ghu|ghr)_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|(?:AKIA|ASIA)[0-9A-Z]{16}|AIza[0-9A-Za-z_\-]{30,}|ya29\.[0-9A-Za-z_\-.]{10,}|xox[abposre]-[0-9A-Za-z\-]{10,}|glpat-[0-9A-Za-z_\-]{20})"#,
      "[REDACTED]"),
    Rule(#"\b([a-zA-Z][a-zA-Z0-9+.\-]*://)[^/\s:@"']+(?::[^/\s@"']*)?@"#, "$1[REDACTED]@"),
    Rule(
      #"([?&](?:access_token|token|key|api_key|apikey|sig|signature|password|secret|client_secret)=)[^&\s#"']+"#,
      "$1[REDACTED]", caseInsensitive: true),
  ]
}
