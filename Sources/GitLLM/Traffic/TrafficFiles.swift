import Foundation

/// A POSIX failure in the traffic log, with the system's own message.
public struct TrafficLogError: Error, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }

  static func posix(_ what: String, _ path: String, _ code: Int32 = errno) -> TrafficLogError {
    TrafficLogError("\(what) \(path): \(String(cString: strerror(code)))")
  }
}

/// The traffic log's folder: one JSONL file per namespace and day, plus the publish cursor.
public struct TrafficDirectory: Sendable, Equatable {
  public var path: String

  public init(path: String) { self.path = path }

  /// `<namespace>-<YYYY-MM-DD>.jsonl`, with anything but letters, digits, `.`, `_`, `-` in the
  /// namespace replaced by `_`.
  public func file(namespace: String, day: String) -> String {
    let safe = String(
      namespace.unicodeScalars.map { scalar -> Character in
        let ok =
          scalar.isASCII
          && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
        return ok ? Character(scalar) : "_"
      })
    return "\(path)/\(safe.isEmpty ? "_" : safe)-\(day).jsonl"
  }

  /// The log files, oldest day first (names end in the day, so sort by that, then by name).
  public func files() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    return names.filter { $0.hasSuffix(".jsonl") }
      .sorted { (String($0.suffix(16)), $0) < (String($1.suffix(16)), $1) }
  }

  var cursorPath: String { "\(path)/.cursor.json" }
  var publishLockPath: String { "\(path)/.publish.lock" }

  func create() throws {
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw TrafficLogError(
        "cannot create the traffic log folder \(path): \(error.localizedDescription)")
    }
  }
}

/// Appends records to the log files: O_APPEND and one write() per line under an flock, so
/// concurrent writers (other processes, other tasks) never interleave or tear a line; fsync is
/// batched every `syncEvery` records and at `sync()`.
public final class TrafficWriter: @unchecked Sendable {  // all state behind `lock`
  public let directory: TrafficDirectory
  let syncEvery: Int
  private let lock = NSLock()
  private var descriptors: [String: Int32] = [:]
  private var unsynced = 0

  public init(directory: TrafficDirectory, syncEvery: Int = 64) {
    self.directory = directory
    self.syncEvery = max(1, syncEvery)
  }

  deinit {
    for fd in descriptors.values {
      fsync(fd)
      close(fd)
    }
  }

  /// Appends one record as one line.
  public func append(_ record: TrafficRecord) throws {
    var line = try record.jsonLine()
    line.append(UInt8(ascii: "\n"))
    let path = directory.file(namespace: record.namespace, day: record.day)
    lock.lock()
    defer { lock.unlock() }
    let fd = try descriptor(for: path)
    guard flock(fd, LOCK_EX) == 0 else { throw TrafficLogError.posix("flock", path) }
    defer { flock(fd, LOCK_UN) }
    try healTornTail(fd, path: path)
    try line.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          throw TrafficLogError.posix("write", path)
        }
        offset += written
      }
    }
    unsynced += 1
    if unsynced >= syncEvery { syncLocked() }
  }

  /// Makes every appended record durable.
  public func sync() {
    lock.lock()
    defer { lock.unlock() }
    syncLocked()
  }

  private func syncLocked() {
    for fd in descriptors.values { fsync(fd) }
    unsynced = 0
  }

  private func descriptor(for path: String) throws -> Int32 {
    if let fd = descriptors[path] { return fd }
    if descriptors.isEmpty { try directory.create() }
    let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw TrafficLogError.posix("open", path) }
    descriptors[path] = fd
    return fd
  }

  // A writer killed inside write() can leave a partial last line; cut it off (under the lock)
  // before appending so the file stays one whole record per line.
  private func healTornTail(_ fd: Int32, path: String) throws {
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw TrafficLogError.posix("fstat", path) }
    let size = Int(info.st_size)
    guard size > 0 else { return }
    var last: UInt8 = 0
    guard pread(fd, &last, 1, off_t(size - 1)) == 1 else {
      throw TrafficLogError.posix("pread", path)
    }
    guard last != UInt8(ascii: "\n") else { return }
    let end = TrafficReader.lastNewlineEnd(path: path, size: size)
    guard ftruncate(fd, off_t(end)) == 0 else { throw TrafficLogError.posix("ftruncate", path) }
  }
}
