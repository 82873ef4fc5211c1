import Foundation

/// The CI run a call was made from, when there is one.
public struct CIContext: Sendable, Equatable, Codable {
  public var provider: String
  public var runID: String?
  public var url: String?

  public init(provider: String, runID: String? = nil, url: String? = nil) {
    self.provider = provider
    self.runID = runID
    self.url = url
  }

  enum CodingKeys: String, CodingKey {
    case provider, url
    case runID = "run_id"
  }

  /// Detects GitHub Actions, GitLab CI, Cloud Build, or a generic `CI=true` from the environment.
  public static func detect(
    environment env: [String: String] = ProcessInfo.processInfo.environment
  ) -> CIContext? {
    func value(_ key: String) -> String? {
      guard let text = env[key]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
        return nil
      }
      return text
    }
    if let run = value("GITHUB_RUN_ID") {
      var url: String?
      if let repository = value("GITHUB_REPOSITORY") {
        let server = value("GITHUB_SERVER_URL") ?? "https://github.com"
        url = "\(server)/\(repository)/actions/runs/\(run)"
      }
      return CIContext(provider: "github-actions", runID: run, url: url)
    }
    if value("GITLAB_CI") != nil || value("CI_PIPELINE_ID") != nil {
      return CIContext(
        provider: "gitlab-ci", runID: value("CI_PIPELINE_ID"),
        url: value("CI_PIPELINE_URL") ?? value("CI_JOB_URL"))
    }
    if let build = value("BUILD_ID"), let project = value("PROJECT_ID") {
      return CIContext(
        provider: "cloud-build", runID: build,
        url: "https://console.cloud.google.com/cloud-build/builds/\(build)?project=\(project)")
    }
    if let ci = value("CI")?.lowercased(), ["true", "1", "yes"].contains(ci) {
      return CIContext(
        provider: "ci", runID: value("BUILD_NUMBER") ?? value("CI_RUN_ID"), url: value("BUILD_URL"))
    }
    return nil
  }
}
