import Foundation

/// A fresh temporary directory, removed when the value is released.
final class ScratchDirectory {
  let path: String

  init(_ label: String = "scratch") throws {
    let base = FileManager.default.temporaryDirectory.path
    let template = "\(base)/git-llm-\(label)-XXXXXX"
    var bytes = Array(template.utf8CString)
    guard let made = mkdtemp(&bytes) else {
      throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
    // Resolve symlinks so paths compare equal to what libgit2 and git report.
    path = URL(fileURLWithPath: String(cString: made)).resolvingSymlinksInPath().path
  }

  /// A path inside the directory.
  func callAsFunction(_ relative: String) -> String { "\(path)/\(relative)" }

  /// Writes a file, creating its folders.
  func write(_ relative: String, _ text: String) throws {
    let url = URL(fileURLWithPath: self(relative))
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  func read(_ relative: String) throws -> String {
    try String(contentsOfFile: self(relative), encoding: .utf8)
  }

  func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: self(relative)) }

  deinit { try? FileManager.default.removeItem(atPath: path) }
}
