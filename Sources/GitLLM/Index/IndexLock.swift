import Foundation

/// The one-writer lock: `flock` on `<git dir>/llm/index.lock`, beside the index. The kernel drops it when
/// the process dies, so a killed indexer never leaves a stale lock behind.
public final class IndexLock {
  private let descriptor: Int32
  public let path: String

  public static func location(for repository: Repository) -> String {
    "\(repository.gitDirectory)/llm/index.lock"
  }

  /// Takes the lock, polling until `timeout` has passed (nil: wait as long as it takes).
  /// - Throws: `IndexError.locked` when another process still holds it at the deadline.
  public init(path: String, timeout: Duration?) throws {
    self.path = path
    let folder = (path as NSString).deletingLastPathComponent
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      let posix = (error as? CocoaError)?.underlying as? POSIXError
      throw IndexError.unwritable(
        path: folder, reason: posix.map { String(cString: strerror($0.code.rawValue)) } ?? "\(error)")
    }
    let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw IndexError.unwritable(path: path, reason: String(cString: strerror(errno)))
    }
    let clock = ContinuousClock()
    let deadline = timeout.map { clock.now + $0 }
    while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
      if let deadline, clock.now >= deadline {
        close(descriptor)
        throw IndexError.locked(path: path)
      }
      usleep(10_000)
    }
    self.descriptor = descriptor
  }

  deinit {
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }
}

@available(*, unavailable)
extension IndexLock: Sendable {}
