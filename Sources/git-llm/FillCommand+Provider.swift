import Foundation
import GitLLM

extension GitLLMCommand.Fill {
  /// The chat provider: recorded answers with --replay, else the configured one (with every
  /// answer stored when --record is given).
  func makeProvider(settings: Settings, repository: Repository) throws -> any ChatProvider {
    if let replay { return ReplayProvider(directory: replay) }
    let configured: any ChatProvider = try configuredProvider(settings: settings, repository: repository)
    if let record { return RecordingProvider(base: configured, directory: record) }
    return configured
  }

  func configuredProvider(settings: Settings, repository: Repository) throws -> any ChatProvider {
    throw CLIError.usage("no LLM provider configured (set llm.provider, or use --replay DIR)")
  }

  func flushTraffic(settings: Settings, repository: Repository) async {}
}
