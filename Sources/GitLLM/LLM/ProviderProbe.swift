import Foundation

/// Checks that the configured provider answers, without spending tokens: it asks for the list of
/// models, which proves the address, the network and the key, and says whether the configured
/// model is in the list.
public enum ProviderProbe {
  public struct Result: Sendable, Equatable {
    public var reachable: Bool
    public var detail: String
  }

  /// Nil when there is nothing to check (provider `none`, or Azure, whose deployments have no
  /// model list at the deployment URL).
  public static func check(
    settings: Settings, http: any HTTPClient = CurlHTTPClient(), timeout: Duration = .seconds(5)
  ) async -> Result? {
    guard let probe = request(settings: settings, timeout: timeout) else { return nil }
    let response: HTTPResponse
    do {
      response = try await http.send(probe)
    } catch let error as HTTPError {
      return Result(reachable: false, detail: "unreachable: \(error)")
    } catch {
      return Result(reachable: false, detail: "unreachable: \(error)")
    }
    let message = { (status: Int) -> String in
      let text = (try? JSONValue.object(response.body)).flatMap(errorText) ?? response.text
      return "HTTP \(status): \(String(text.prefix(200)))"
    }
    switch response.status {
    case 200..<300:
      let models = modelNames(response.body)
      let model = settings["llm.model"] ?? ""
      if !models.isEmpty, !model.isEmpty, !models.contains(model) {
        return Result(
          reachable: true,
          detail: "reachable, but model \(model) is not among the \(models.count) it lists")
      }
      return Result(reachable: true, detail: "reachable" + (models.isEmpty ? "" : ", \(models.count) models listed"))
    case 401, 403: return Result(reachable: false, detail: "the key was refused (\(message(response.status)))")
    default: return Result(reachable: false, detail: message(response.status))
    }
  }

  static func request(settings: Settings, timeout: Duration) -> HTTPRequest? {
    let key = settings["llm.apiKey"].flatMap { $0.isEmpty ? nil : $0 }
    let base = settings["llm.baseURL"].flatMap { $0.isEmpty ? nil : $0 }
    var headers: [HTTPHeader] = []
    let url: String
    switch settings.provider {
    case "openai":
      let root = base ?? OpenAIWire.defaultBaseURL
      guard !root.contains(".openai.azure.com") else { return nil }
      if let key { headers.append(HTTPHeader(name: "Authorization", value: "Bearer \(key)")) }
      url = joinURL(root, "/models")
    case "anthropic":
      let root = base ?? AnthropicWire.defaultBaseURL
      if let key { headers.append(HTTPHeader(name: "x-api-key", value: key)) }
      headers.append(HTTPHeader(name: "anthropic-version", value: "2023-06-01"))
      url = joinURL(root, root.hasSuffix("/v1") || root.hasSuffix("/v1/") ? "/models" : "/v1/models")
    case "gemini":
      if let key { headers.append(HTTPHeader(name: "x-goog-api-key", value: key)) }
      url = joinURL(base ?? GeminiWire.defaultBaseURL, "/models")
    default:
      return nil
    }
    return HTTPRequest(method: "GET", url: url, headers: headers, timeout: timeout, connectTimeout: timeout)
  }

  /// Model ids from OpenAI's and Anthropic's `data[].id` or Gemini's `models[].name`.
  static func modelNames(_ body: Data) -> [String] {
    guard let object = try? JSONValue.object(body) else { return [] }
    if let data = object["data"] as? [[String: Any]] { return data.compactMap { $0["id"] as? String } }
    if let models = object["models"] as? [[String: Any]] {
      return models.compactMap { ($0["name"] as? String)?.replacingOccurrences(of: "models/", with: "") }
    }
    return []
  }

  static func errorText(_ object: [String: Any]) -> String? {
    if let error = object["error"] as? [String: Any] { return error["message"] as? String }
    return object["error"] as? String ?? object["message"] as? String
  }
}
