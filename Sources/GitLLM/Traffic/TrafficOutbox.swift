import Foundation

/// Sends one publish request; the seam between the outbox and Pub/Sub's REST API.
public protocol PubSubTransport: Sendable {
  /// Publishes the batch by `deadline`; returns when Pub/Sub acknowledged every message in it.
  func publish(_ batch: PubSubBatch, deadline: ContinuousClock.Instant) async throws
}

/// What a flush did.
public struct FlushResult: Sendable, Equatable {
  public var published = 0
  public var requests = 0
  /// Records still waiting after the flush.
  public var pending = 0
  /// Why something could not be published (nil when everything went out).
  public var failure: String?
}

/// The durable outbox: the log files themselves plus a cursor (per file, the byte offset Pub/Sub
/// acknowledged), rewritten atomically after each acknowledged batch. Delivery is at least once.
public struct TrafficOutbox: Sendable {
  public var directory: TrafficDirectory

  public init(directory: TrafficDirectory) { self.directory = directory }

  struct Pending {
    var file: String  // name inside the directory
    var end: Int
    var message: PubSubMessage
  }

  /// Acknowledged byte offsets by file name.
  func cursor() -> [String: Int] {
    guard let data = FileManager.default.contents(atPath: directory.cursorPath),
      let offsets = try? JSONDecoder().decode([String: Int].self, from: data)
    else { return [:] }
    return offsets
  }

  func saveCursor(_ offsets: [String: Int]) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = try encoder.encode(offsets)
    let temp = directory.cursorPath + ".\(getpid()).tmp"
    let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw TrafficLogError.posix("open", temp) }
    let ok =
      data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) == $0.count } && fsync(fd) == 0
    close(fd)
    guard ok, rename(temp, directory.cursorPath) == 0 else {
      let error = TrafficLogError.posix("write", directory.cursorPath)
      unlink(temp)
      throw error
    }
  }

  /// Records on disk past the cursor, in file order.
  func pending() -> [Pending] {
    let offsets = cursor()
    let decoder = JSONDecoder()
    var result: [Pending] = []
    for name in directory.files() {
      let path = "\(directory.path)/\(name)"
      for line in TrafficReader.lines(path: path, from: offsets[name] ?? 0) {
        // A line that is not a record (hand-edited file) is skipped, not retried forever.
        guard let record = try? decoder.decode(TrafficRecord.self, from: line.data) else {
          continue
        }
        result.append(
          Pending(
            file: name, end: line.end, message: PubSubMessage(record: record, line: line.data)))
      }
    }
    return result
  }

  /// The number of records not yet acknowledged.
  public func pendingCount() -> Int { pending().count }

  /// Publishes what is pending in batches within Pub/Sub's limits, advancing the cursor after
  /// each acknowledged batch; stops at the first failure or at `deadline`. Never throws.
  public func flush(transport: any PubSubTransport, until deadline: ContinuousClock.Instant) async
    -> FlushResult
  {
    var result = FlushResult()
    guard FileManager.default.fileExists(atPath: directory.path) else { return result }
    guard let lock = await PublishLock.acquire(directory.publishLockPath, until: deadline) else {
      result.pending = pendingCount()
      result.failure = "another git-llm process is publishing the traffic log"
      return result
    }
    defer { lock.release() }
    let pending = pending()
    var offsets = cursor()
    var index = 0
    for batch in PubSubBatch.batches(pending.map(\.message)) {
      if ContinuousClock.now >= deadline {
        result.failure = "publish timed out"
        break
      }
      do {
        try await transport.publish(batch, deadline: deadline)
      } catch {
        result.failure = "\(error)"
        break
      }
      for item in pending[index..<(index + batch.recordIDs.count)] {
        offsets[item.file] = max(offsets[item.file] ?? 0, item.end)
      }
      index += batch.recordIDs.count
      result.published += batch.recordIDs.count
      result.requests += 1
      do {
        try saveCursor(offsets)
      } catch {
        result.failure = "\(error)"
        break
      }
    }
    result.pending = pending.count - index
    return result
  }
}

/// An exclusive flock on the outbox, so two processes never publish the same records at once.
final class PublishLock {
  let fd: Int32

  private init(fd: Int32) { self.fd = fd }

  static func acquire(_ path: String, until deadline: ContinuousClock.Instant) async -> PublishLock?
  {
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return nil }
    while flock(fd, LOCK_EX | LOCK_NB) != 0 {
      guard errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now < deadline else {
        close(fd)
        return nil
      }
      try? await Task.sleep(for: .milliseconds(50))
    }
    return PublishLock(fd: fd)
  }

  func release() {
    flock(fd, LOCK_UN)
    close(fd)
  }

}

@available(*, unavailable)
extension PublishLock: Sendable {}
