import Foundation

/// One finding of `git llm doctor`.
public struct DoctorCheck: Sendable, Codable, Equatable {
  public enum Status: String, Sendable, Codable {
    case ok, info, warning, failure
  }

  public var name: String
  public var status: Status
  public var detail: String

  public init(_ name: String, _ status: Status, _ detail: String) {
    self.name = name
    self.status = status
    self.detail = detail
  }
}

/// Checks the configuration and the repository without changing anything.
public enum DoctorReport {
  /// Runs every check for a directory. Never throws: a failure is a check. Unless `offline`, it
  /// asks the provider for its model list (no tokens spent).
  public static func run(
    directory: String, environment: [String: String] = ProcessInfo.processInfo.environment,
    offline: Bool = false, http: any HTTPClient = CurlHTTPClient()
  ) async -> [DoctorCheck] {
    var checks: [DoctorCheck] = []
    let repository: Repository?
    do {
      let repo = try Repository.discover(from: directory)
      repository = repo
      let kind = repo.isBare ? "bare repository" : repo.isWorktree ? "linked worktree" : "work tree"
      checks.append(.init("repository", .ok, "\(repo.workingDirectory ?? repo.gitDirectory) (\(kind))"))
      checks.append(headCheck(repo))
      if repo.isShallow {
        checks.append(.init("history", .warning, "shallow clone: the index falls back to full rebuilds"))
      }
    } catch {
      repository = nil
      checks.append(.init("repository", .failure, "not inside a git repository: \(directory)"))
    }
    let settings: Settings
    do {
      settings = try Settings.load(repository: repository, environment: environment)
      checks.append(.init("settings", .ok, "loaded (`git llm config` lists them)"))
      for warning in settings.warnings { checks.append(.init("settings", .warning, warning)) }
      for unknown in settings.unknown {
        checks.append(.init("settings", .warning, "unknown setting \(unknown.key) (from \(unknown.origin))"))
      }
    } catch {
      checks.append(.init("settings", .failure, "\(error)"))
      return checks
    }
    checks.append(contentsOf: providerChecks(settings))
    if !offline, settings.provider != "none",
      let probe = await ProviderProbe.check(settings: settings, http: http)
    {
      checks.append(.init("provider reachable", probe.reachable ? .ok : .failure, probe.detail))
    }
    if let repository {
      checks.append(contentsOf: storageChecks(repository, settings))
    }
    checks.append(pubSubCheck(settings))
    return checks
  }

  static func headCheck(_ repo: Repository) -> DoctorCheck {
    do {
      switch try repo.head() {
      case .branch(let name, let commit):
        return .init("HEAD", .ok, "branch \(name) at \(commit.hex.prefix(12))")
      case .detached(let commit):
        return .init("HEAD", .ok, "detached at \(commit.hex.prefix(12))")
      case .unborn(let branch):
        return .init("HEAD", .info, "branch \(branch) has no commits yet")
      }
    } catch {
      return .init("HEAD", .failure, "cannot read HEAD: \(error)")
    }
  }

  static func providerChecks(_ settings: Settings) -> [DoctorCheck] {
    let provider = settings.provider
    guard provider != "none" else {
      return [
        .init(
          "provider", .info,
          "none: index, search, status, log and install work; summaries use the offline outline"
        )
      ]
    }
    var checks = [
      DoctorCheck(
        "provider", .ok,
        "\(provider), model \(settings["llm.model"] ?? "?")"
          + (settings["llm.baseURL"].map { " at \(URLRedaction.stripCredentials($0))" } ?? ""))
    ]
    if let key = settings.entry("llm.apiKey") {
      checks.append(.init("API key", .ok, "set (from \(key.origin))"))
    } else if settings["llm.baseURL"] != nil && provider == "openai" {
      checks.append(.init("API key", .info, "none set (fine for a local server such as Ollama)"))
    } else {
      let variable = Settings.keyVariables(for: provider).first ?? "llm.apiKey"
      checks.append(.init("API key", .failure, "no key for \(provider): set \(variable)"))
    }
    return checks
  }

  static func storageChecks(_ repository: Repository, _ settings: Settings) -> [DoctorCheck] {
    var checks = [indexCheck(repository)]
    let hooks = (try? HookInstaller(repository: repository, binaryPath: ""))?.installedHooks() ?? []
    checks.append(
      hooks.isEmpty
        ? .init("hooks", .info, "none installed (`git llm install`)")
        : .init("hooks", .ok, hooks.joined(separator: ", ")))
    if let directory = TrafficLog.directory(settings: settings) {
      let pending = settings["pubsub.topic"] == nil ? 0 : TrafficOutbox(directory: directory).pendingCount()
      checks.append(
        .init(
          "traffic log", pending > 0 ? .warning : .ok,
          directory.path + (pending > 0 ? " (\(pending) records not yet published: `git llm log flush`)" : "")))
    }
    return checks
  }

  static func indexCheck(_ repository: Repository) -> DoctorCheck {
    let path = IndexStore.location(for: repository)
    guard IndexStore.exists(for: repository) else {
      return .init("index", .info, "\(path) (not built yet: run `git llm index`)")
    }
    do {
      let status = try RepositoryIndex.status(repository: repository)
      let files = "\(status.files.count) files, \(status.chunks) chunks"
      if status.fresh { return .init("index", .ok, "\(path): \(files), at HEAD") }
      let at = status.indexedCommit.map { String($0.prefix(12)) } ?? "no commit"
      return .init("index", .warning, "\(path): \(files), at \(at), not HEAD (`git llm index` catches up)")
    } catch {
      return .init("index", .failure, "\(path) cannot be read: \(error) (`git llm index` rebuilds it)")
    }
  }

  static func pubSubCheck(_ settings: Settings) -> DoctorCheck {
    guard let topic = settings["pubsub.topic"] else {
      return .init("Pub/Sub", .info, "not configured (set pubsub.topic and pubsub.project): records stay on disk")
    }
    guard let project = settings["pubsub.project"] else {
      return .init("Pub/Sub", .failure, "pubsub.topic is \(topic) but pubsub.project is not set")
    }
    if let host = settings["pubsub.emulatorHost"] {
      return .init("Pub/Sub", .ok, "projects/\(project)/topics/\(topic) on the emulator at \(host)")
    }
    if settings["google.accessToken"] != nil {
      return .init("Pub/Sub", .ok, "projects/\(project)/topics/\(topic), access token from the environment")
    }
    if let path = settings["google.credentials"] {
      guard FileManager.default.isReadableFile(atPath: path) else {
        return .init("Pub/Sub", .failure, "credentials file not readable: \(path)")
      }
      return .init("Pub/Sub", .ok, "projects/\(project)/topics/\(topic), credentials \(path)")
    }
    return .init(
      "Pub/Sub", .warning,
      "projects/\(project)/topics/\(topic): no credentials set; the metadata server is tried (works on GCE, Cloud Build, Cloud Run)")
  }
}
