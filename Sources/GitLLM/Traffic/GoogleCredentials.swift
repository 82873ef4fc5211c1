import Foundation

/// A Google credentials file (`GOOGLE_APPLICATION_CREDENTIALS`): a service-account key or the
/// `authorized_user` file that `gcloud auth application-default login` writes.
enum GoogleCredentials: Sendable, Equatable {
  static let defaultTokenURI = "https://oauth2.googleapis.com/token"

  case serviceAccount(
    clientEmail: String, privateKey: String, privateKeyID: String?, tokenURI: String)
  case authorizedUser(
    clientID: String, clientSecret: String, refreshToken: String, tokenURI: String)

  static func load(path: String) throws -> GoogleCredentials {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw GoogleAuthError("cannot read credentials file \(path)")
    }
    return try parse(data, path: path)
  }

  static func parse(_ data: Data, path: String = "credentials") throws -> GoogleCredentials {
    guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
      throw GoogleAuthError("\(path) is not a JSON object")
    }
    func field(_ name: String) throws -> String {
      guard let value = object[name] as? String, !value.isEmpty else {
        throw GoogleAuthError("\(path) has no \(name)")
      }
      return value
    }
    let tokenURI = object["token_uri"] as? String ?? defaultTokenURI
    switch object["type"] as? String {
    case "service_account":
      return .serviceAccount(
        clientEmail: try field("client_email"), privateKey: try field("private_key"),
        privateKeyID: object["private_key_id"] as? String, tokenURI: tokenURI)
    case "authorized_user":
      return .authorizedUser(
        clientID: try field("client_id"), clientSecret: try field("client_secret"),
        refreshToken: try field("refresh_token"), tokenURI: tokenURI)
    case let other:
      throw GoogleAuthError("\(path) has unsupported type \(other ?? "(none)")")
    }
  }

  /// The form body POSTed to the token endpoint.
  func tokenRequestBody(now: Date = Date()) throws -> (url: String, body: Data) {
    switch self {
    case .serviceAccount(let email, let key, let keyID, let tokenURI):
      let jwt = try ServiceAccountJWT(clientEmail: email, privateKeyID: keyID, tokenURI: tokenURI)
        .signed(privateKeyPEM: key, now: now)
      return (
        tokenURI,
        FormEncoding.encode([
          ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", jwt),
        ])
      )
    case .authorizedUser(let id, let secret, let refresh, let tokenURI):
      return (
        tokenURI,
        FormEncoding.encode([
          ("grant_type", "refresh_token"), ("client_id", id), ("client_secret", secret),
          ("refresh_token", refresh),
        ])
      )
    }
  }

  /// Secret values in the file, for the redactor.
  var secrets: [String] {
    switch self {
    case .serviceAccount(_, let key, let keyID, _): return [key] + (keyID.map { [$0] } ?? [])
    case .authorizedUser(_, let secret, let refresh, _): return [secret, refresh]
    }
  }
}

/// An OAuth access token and when it stops working.
struct AccessToken: Sendable, Equatable {
  var token: String
  var expiresAt: Date

  /// Still good for at least `margin` (tokens are refreshed shortly before they expire).
  func isFresh(now: Date = Date(), margin: TimeInterval = 120) -> Bool {
    expiresAt.timeIntervalSince(now) > margin
  }

  /// Parses `{"access_token": …, "expires_in": …}` from a token endpoint or the metadata server.
  static func parse(_ data: Data, now: Date = Date()) throws -> AccessToken {
    guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
      throw GoogleAuthError(
        "token response is not JSON: \(String(decoding: data.prefix(200), as: UTF8.self))")
    }
    if let error = object["error"] {
      let detail = object["error_description"] as? String ?? ""
      throw GoogleAuthError(
        "token endpoint refused: \(error) \(detail)".trimmingCharacters(in: .whitespaces))
    }
    guard let token = object["access_token"] as? String, !token.isEmpty else {
      throw GoogleAuthError("token response has no access_token")
    }
    let lifetime = (object["expires_in"] as? NSNumber)?.doubleValue ?? 3600
    return AccessToken(token: token, expiresAt: now.addingTimeInterval(lifetime))
  }
}

enum FormEncoding {
  static let allowed: CharacterSet = {
    var set = CharacterSet.alphanumerics
    set.insert(charactersIn: "-._~")
    return set
  }()

  static func encode(_ pairs: [(String, String)]) -> Data {
    let text = pairs.map { key, value in
      let escaped = value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
      return "\(key)=\(escaped)"
    }.joined(separator: "&")
    return Data(text.utf8)
  }
}
