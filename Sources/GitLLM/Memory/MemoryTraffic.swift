import Foundation

/// Writes remembered messages to the traffic log as `message` records (with the repository's
/// commit metadata, redacted like every record), so they reach disk and Pub/Sub.
public struct MemoryTraffic {
  let writer: TrafficWriter?
  let redactor: Redactor
  let commit: TrafficRecord.CommitInfo

  /// A log for these settings; without `log.dir` nothing is written.
  public init(
    settings: Settings, repository: Repository?, command: String,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) {
    writer = settings["log.dir"].flatMap { $0.isEmpty ? nil : TrafficWriters.shared(path: $0) }
    redactor = Redactor(settings: settings)
    commit = TrafficLogger.commitInfo(
      repository: repository, command: command, environment: environment)
  }

  /// Appends one record per message; a failure to write is one warning, never a failed command.
  public func record(_ message: MemoryMessage) {
    guard let writer else { return }
    var record = TrafficRecord(
      namespace: message.namespace, kind: .message,
      provider: "memory", model: "", commit: commit)
    record.messages = [
      ChatMessage(
        role: ChatMessage.Role(rawValue: message.role) ?? .assistant, content: message.text)
    ]
    do {
      try writer.append(record.redacted(by: redactor))
    } catch {
      TrafficWriters.warnOnce("traffic log not written: \(error)")
    }
  }

  /// Makes the appended records durable (fsync), without publishing them.
  public func sync() { writer?.sync() }
}

@available(*, unavailable)
extension MemoryTraffic: Sendable {}
