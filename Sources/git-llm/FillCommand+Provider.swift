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

  /// The configured provider; every call goes through the traffic log (namespace `fill`).
  func configuredProvider(settings: Settings, repository: Repository) throws -> any ChatProvider {
    guard ChatProviders.isConfigured(settings) else {
      throw CLIError.usage("no LLM provider configured (set llm.provider, or use --replay DIR)")
    }
    do {
      return try ChatProviders.make(
        settings: settings, repository: repository, context: CallContext(namespace: "fill", command: "fill"))
    } catch let error as LLMError {
      throw CLIError.usage(error.description)
    }
  }

  /// The cost of an answer from the price table; nil (unpriced) for an unknown model.
  static func price(settings: Settings) -> @Sendable (ChatResponse) -> Double? {
    let table = PriceTable(settings: settings)
    return { response in response.usage.flatMap { table.cost(model: response.model, usage: $0) } }
  }

  /// Publishes the traffic records this run queued, within log.publishTimeout.
  func flushTraffic(settings: Settings, repository: Repository) async {
    await TrafficLog.flushPending(settings: settings, repository: repository)
  }
}
