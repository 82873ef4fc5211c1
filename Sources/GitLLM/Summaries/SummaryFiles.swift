import Foundation

/// Writes, moves and removes summary files in a work tree, each write atomic.
struct SummaryFiles {
  let root: String

  func absolute(_ path: String) -> String { root + "/" + path }

  /// Writes through a temporary file in the same folder and a rename, so a reader (or a commit)
  /// never sees half a summary.
  func write(_ text: String, to path: String) throws {
    let target = absolute(path)
    let folder = (target as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let name = (target as NSString).lastPathComponent
    let temporary = folder + "/.\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
      guard rename(temporary, target) == 0 else {
        throw CocoaError(
          .fileWriteUnknown,
          userInfo: [
            NSFilePathErrorKey: target,
            NSLocalizedDescriptionKey:
              "cannot rename into \(target): \(String(cString: strerror(errno)))",
          ])
      }
    } catch {
      try? FileManager.default.removeItem(atPath: temporary)
      throw error
    }
  }

  /// Deletes a file if present, and its folder when that leaves it empty (mirror layout).
  func remove(_ path: String) {
    let target = absolute(path)
    guard (try? FileManager.default.removeItem(atPath: target)) != nil else { return }
    var folder = (target as NSString).deletingLastPathComponent
    while folder.count > root.count,
      (try? FileManager.default.contentsOfDirectory(atPath: folder))?.isEmpty == true
    {
      try? FileManager.default.removeItem(atPath: folder)
      folder = (folder as NSString).deletingLastPathComponent
    }
  }

  func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: absolute(path)) }
}
