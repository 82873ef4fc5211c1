import Foundation

/// The traffic log as a whole: where it lives, and publishing what is pending.
public enum TrafficLog {
  /// The log folder for these settings (`log.dir`), nil when there is none (no repository and no
  /// `MESSAGE_HISTORY`).
  public static func directory(settings: Settings) -> TrafficDirectory? {
    settings["log.dir"].flatMap { $0.isEmpty ? nil : TrafficDirectory(path: $0) }
  }

  /// Publishes what is pending, bounded by `log.publishTimeout`; never throws. A failure is one
  /// warning line on standard error; the records stay on disk for the next flush.
  @discardableResult
  public static func flushPending(settings: Settings, repository: Repository?) async -> FlushResult
  {
    TrafficWriters.syncAll()
    let timeout = settings.duration("log.publishTimeout") ?? .seconds(5)
    let result = await flush(settings: settings, timeout: timeout)
    if let failure = result.failure, result.pending > 0 {
      FileHandle.standardError.write(
        Data(
          "git-llm: warning: \(result.pending) traffic records not published yet (\(failure)); `git llm log flush` retries\n"
            .utf8))
    }
    return result
  }

  /// Publishes everything pending within `timeout`; the result says what went out and why the
  /// rest did not.
  public static func flush(
    settings: Settings, timeout: Duration, http: any HTTPClient = CurlHTTPClient()
  ) async -> FlushResult {
    TrafficWriters.syncAll()
    guard let directory = directory(settings: settings) else { return FlushResult() }
    let outbox = TrafficOutbox(directory: directory)
    let transport: PubSubRESTTransport?
    do {
      transport = try PubSubRESTTransport.make(settings: settings, http: http)
    } catch {
      return FlushResult(pending: outbox.pendingCount(), failure: "\(error)")
    }
    guard let transport else {
      return FlushResult(pending: outbox.pendingCount(), failure: nil)
    }
    return await outbox.flush(transport: transport, until: ContinuousClock.now + timeout)
  }

  /// True when a Pub/Sub topic and project are configured.
  public static func isPublishing(_ settings: Settings) -> Bool {
    (try? PubSubRESTTransport.make(settings: settings, http: CurlHTTPClient())) != nil
  }
}
