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
  /// Lines that are not records (a hand-edited file), as "file at byte N": skipped for good,
  /// each reported by the flush that moved the cursor past it.
  public var skipped: [String] = []
}

/// The durable outbox: the log files themselves plus a cursor (per file, the byte offset Pub/Sub
/// acknowledged), rewritten atomically after each acknowledged batch. Delivery is at least once.
public struct TrafficOutbox: Sendable {
  public var directory: TrafficDirectory

  public init(directory: TrafficDirectory) { self.directory = directory }

  struct Pending {
    var file: String  // name inside the directory
    var start: Int
    var end: Int
    /// nil for a line that is not a record: never published, the cursor moves past it.
    var message: PubSubMessage?
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

  /// Up to `limit` unacknowledged lines past the cursor, oldest file first, so a long backlog is
  /// published in windows of bounded memory. A line that is not a record comes back without a
  /// message, so the cursor can move past it instead of waiting on it forever.
  func pending(limit: Int = .max) -> [Pending] {
    let offsets = cursor()
    let decoder = JSONDecoder()
    var result: [Pending] = []
    for name in directory.files() {
      let path = "\(directory.path)/\(name)"
      for line in TrafficReader.lines(path: path, from: offsets[name] ?? 0) {
        if result.count >= limit { return result }
        let record = try? decoder.decode(TrafficRecord.self, from: line.data)
        result.append(
          Pending(
            file: name, start: line.end - line.data.count - 1, end: line.end,
            message: record.map { PubSubMessage(record: $0, line: line.data) }))
      }
    }
    return result
  }

  /// Moves `offsets` past `items`, noting the lines that were not records.
  private func advance(
    _ offsets: inout [String: Int], past items: ArraySlice<Pending>, into result: inout FlushResult
  ) {
    for item in items {
      offsets[item.file] = max(offsets[item.file] ?? 0, item.end)
      if item.message == nil { result.skipped.append("\(item.file) at byte \(item.start)") }
    }
  }

  /// The number of records not yet acknowledged: newlines past the cursor, counted in chunks
  /// without decoding anything.
  public func pendingCount() -> Int {
    let offsets = cursor()
    var count = 0
    for name in directory.files() {
      guard let handle = FileHandle(forReadingAtPath: "\(directory.path)/\(name)") else { continue }
      defer { try? handle.close() }
      guard (try? handle.seek(toOffset: UInt64(offsets[name] ?? 0))) != nil else { continue }
      while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
        count += chunk.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
      }
    }
    return count
  }

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
    var offsets = cursor()
    window: while true {
      let pending = pending(limit: Self.window)
      if pending.isEmpty { break }
      let records = pending.indices.compactMap { index in pending[index].message.map { (index, $0) } }
      // Lines before the next unpublished record: acknowledged records and the junk after them.
      var done = 0
      var sent = 0
      for batch in PubSubBatch.batches(records.map(\.1)) {
        if ContinuousClock.now >= deadline {
          result.failure = "publish timed out"
          break window
        }
        do {
          try await transport.publish(batch, deadline: deadline)
        } catch {
          result.failure = "\(error)"
          break window
        }
        sent += batch.recordIDs.count
        let stop = sent < records.count ? records[sent].0 : pending.count
        advance(&offsets, past: pending[done..<stop], into: &result)
        done = stop
        result.published += batch.recordIDs.count
        result.requests += 1
        do {
          try saveCursor(offsets)
        } catch {
          result.failure = "\(error)"
          break window
        }
      }
      if records.isEmpty {  // only lines that are not records: nothing to publish, move past them
        advance(&offsets, past: pending[...], into: &result)
        do {
          try saveCursor(offsets)
        } catch {
          result.failure = "\(error)"
          break window
        }
      }
      if pending.count < Self.window { break }
    }
    result.pending = pendingCount()
    return result
  }

  /// Records read into memory at once while publishing.
  static let window = 5_000
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
