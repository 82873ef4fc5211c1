import Foundation

/// Wraps a provider so each call writes a request record, then a response or error record
/// (latency, usage, cost), redacted, to the traffic log.
struct LoggedChatProvider: ChatProvider {
  let base: any ChatProvider
  let logger: TrafficLogger

  var name: String { base.name }

  func complete(_ request: ChatRequest) async throws -> ChatResponse {
    try await logger.around(request, provider: name, stream: false) { try await base.complete($0) }
  }

  func stream(_ request: ChatRequest, onDelta: @escaping @Sendable (String) -> Void) async throws
    -> ChatResponse
  {
    try await logger.around(request, provider: name, stream: true) {
      try await base.stream($0, onDelta: onDelta)
    }
  }
}

/// Turns calls into traffic records and appends them; a failure to write is a warning, never
/// a failed call.
struct TrafficLogger: Sendable {
  let writer: TrafficWriter?
  let redactor: Redactor
  let redactPrompts: Bool
  let prices: PriceTable
  let context: CallContext
  let commit: TrafficRecord.CommitInfo
  /// Filled into a request without a model, so the request record names the model used.
  var defaultModel: String?

  init(
    settings: Settings, repository: Repository?, context: CallContext,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) {
    writer = settings["log.dir"].map { TrafficWriters.shared(path: $0) }
    redactor = Redactor(settings: settings)
    redactPrompts = settings.bool("log.redactPrompts") ?? false
    prices = PriceTable(settings: settings)
    self.context = context
    commit = Self.commitInfo(
      repository: repository, command: context.command, environment: environment)
  }

  static func commitInfo(repository: Repository?, command: String, environment: [String: String])
    -> TrafficRecord.CommitInfo
  {
    var info = TrafficRecord.CommitInfo(
      command: command, ci: CIContext.detect(environment: environment))
    if let metadata = try? repository?.commitMetadata() {
      info.repo = metadata.repository
      info.remote = metadata.remote.map(URLRedaction.stripCredentials)
      info.branch = metadata.branch
      info.sha = metadata.sha
      info.author = metadata.author
    }
    return info
  }

  func around(
    _ request: ChatRequest, provider: String, stream: Bool,
    call: (ChatRequest) async throws -> ChatResponse
  ) async throws -> ChatResponse {
    var sent = request
    if sent.model.isEmpty, let defaultModel { sent.model = defaultModel }
    if redactPrompts {
      sent.messages = request.messages.map {
        ChatMessage(role: $0.role, content: redactor.redact($0.content))
      }
    }
    var requestRecord = record(.request, provider: provider, model: sent.model)
    requestRecord.messages = sent.messages
    requestRecord.stream = stream
    append(requestRecord)
    let clock = ContinuousClock()
    let start = clock.now
    do {
      let response = try await call(sent)
      var answer = record(
        .response, provider: provider, model: response.model.isEmpty ? sent.model : response.model)
      answer.requestID = requestRecord.id
      answer.content = response.content
      answer.finishReason = response.finishReason
      answer.usage = response.usage.map(TrafficRecord.Usage.init)
      answer.costUSD = prices.cost(model: answer.model, usage: response.usage)
      answer.latencyMS = milliseconds(clock.now - start)
      let templates = TrafficRecord.templates(in: response.content)
      answer.templates = templates.isEmpty ? nil : templates
      append(answer)
      return response
    } catch {
      var failure = record(.error, provider: provider, model: sent.model)
      failure.requestID = requestRecord.id
      failure.error = "\(error)"
      failure.latencyMS = milliseconds(clock.now - start)
      append(failure)
      throw error
    }
  }

  func record(_ kind: TrafficRecord.Kind, provider: String, model: String) -> TrafficRecord {
    TrafficRecord(
      namespace: context.namespace, kind: kind, provider: provider, model: model, commit: commit)
  }

  func append(_ record: TrafficRecord) {
    guard let writer else { return }
    do {
      try writer.append(record.redacted(by: redactor))
    } catch {
      TrafficWriters.warnOnce("traffic log not written: \(error)")
    }
  }

  func milliseconds(_ duration: Duration) -> Int {
    Int(
      duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
  }
}

/// One writer per log folder in this process, so fsync batching spans every provider.
enum TrafficWriters {
  private static let state = NSLockedDictionary()

  static func shared(path: String) -> TrafficWriter {
    state.lock.withLock {
      if let writer = state.writers[path] { return writer }
      let writer = TrafficWriter(directory: TrafficDirectory(path: path))
      state.writers[path] = writer
      return writer
    }
  }

  /// Makes every record written by this process durable.
  static func syncAll() {
    let writers = state.lock.withLock { Array(state.writers.values) }
    for writer in writers { writer.sync() }
  }

  static func warnOnce(_ message: String) {
    let first = state.lock.withLock { () -> Bool in
      defer { state.warned = true }
      return !state.warned
    }
    if first { FileHandle.standardError.write(Data("git-llm: warning: \(message)\n".utf8)) }
  }

  final class NSLockedDictionary: @unchecked Sendable {  // guarded by `lock`
    let lock = NSLock()
    var writers: [String: TrafficWriter] = [:]
    var warned = false
  }
}
