import Foundation

/// Where a Pub/Sub access token comes from, in the documented order: the emulator (no auth), an
/// access token from the environment, `GOOGLE_APPLICATION_CREDENTIALS` (service-account key or
/// `authorized_user`), then the metadata server (Cloud Build, GCE, Cloud Run).
enum GoogleAuthSource: Sendable, Equatable {
  case none
  case accessToken(String)
  case credentials(GoogleCredentials, path: String)
  case metadataServer(host: String)

  static func resolve(settings: Settings, environment: [String: String]) throws -> GoogleAuthSource
  {
    if let host = settings["pubsub.emulatorHost"], !host.isEmpty { return .none }
    if let token = settings["google.accessToken"], !token.isEmpty { return .accessToken(token) }
    if let path = settings["google.credentials"], !path.isEmpty {
      return .credentials(try GoogleCredentials.load(path: path), path: path)
    }
    let host =
      environment["GCE_METADATA_HOST"].flatMap { $0.isEmpty ? nil : $0 }
      ?? "metadata.google.internal"
    return .metadataServer(host: host)
  }

  var cacheKey: String {
    switch self {
    case .none: "none"
    case .accessToken: "env"
    case .credentials(_, let path): "file:\(path)"
    case .metadataServer(let host): "metadata:\(host)"
    }
  }
}

/// Gets access tokens, cached per source until shortly before they expire.
struct GoogleAuth: Sendable {
  let source: GoogleAuthSource
  let http: any HTTPClient

  private static let cache = TokenCache()

  /// The `Authorization` header value, or nil when no auth is needed (the emulator).
  func authorization(until deadline: Duration = .seconds(10)) async throws -> String? {
    switch source {
    case .none: return nil
    case .accessToken(let token): return "Bearer \(token)"
    default: break
    }
    if let cached = Self.cache.token(for: source.cacheKey), cached.isFresh() {
      return "Bearer \(cached.token)"
    }
    let token = try await fetch(deadline: deadline)
    Self.cache.store(token, for: source.cacheKey)
    return "Bearer \(token.token)"
  }

  func fetch(deadline: Duration) async throws -> AccessToken {
    let retry = RetryPolicy(
      maxAttempts: 3, baseDelay: .milliseconds(100), maxDelay: .seconds(2), deadline: deadline)
    switch source {
    case .credentials(let credentials, _):
      let form = try credentials.tokenRequestBody()
      let request = HTTPRequest(
        method: "POST", url: form.url,
        headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")], body: form.body,
        timeout: deadline, connectTimeout: .seconds(5))
      let response = try await http.send(request, retry: retry)
      guard response.isSuccess || response.status == 400 || response.status == 401 else {
        throw GoogleAuthError(
          "token endpoint \(form.url) answered HTTP \(response.status): \(response.text.prefix(200))"
        )
      }
      return try AccessToken.parse(response.body)
    case .metadataServer(let host):
      let scope =
        ServiceAccountJWT.scope.addingPercentEncoding(withAllowedCharacters: FormEncoding.allowed)
        ?? ""
      let url =
        "http://\(host)/computeMetadata/v1/instance/service-accounts/default/token?scopes=\(scope)"
      let request = HTTPRequest(
        url: url, headers: [HTTPHeader("Metadata-Flavor", "Google")], timeout: deadline,
        connectTimeout: .seconds(2))
      let response: HTTPResponse
      do {
        response = try await http.send(request, retry: retry)
      } catch {
        throw GoogleAuthError(
          "no Pub/Sub credentials: set PUBSUB_EMULATOR_HOST, GOOGLE_OAUTH_ACCESS_TOKEN or GOOGLE_APPLICATION_CREDENTIALS (metadata server \(host) unreachable: \(error))"
        )
      }
      guard response.isSuccess, response.header("Metadata-Flavor") == "Google" else {
        throw GoogleAuthError(
          "metadata server \(host) answered HTTP \(response.status): \(response.text.prefix(200))")
      }
      return try AccessToken.parse(response.body)
    case .none, .accessToken:
      throw GoogleAuthError("no token to fetch")
    }
  }

  /// Forgets cached tokens (tests).
  static func clearCache() { cache.clear() }

  final class TokenCache: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var tokens: [String: AccessToken] = [:]
    func token(for key: String) -> AccessToken? { lock.withLock { tokens[key] } }
    func store(_ token: AccessToken, for key: String) { lock.withLock { tokens[key] = token } }
    func clear() { lock.withLock { tokens = [:] } }
  }
}
