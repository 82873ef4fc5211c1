import Foundation

/// The shell command that runs a stub's tests.
public enum TestCommand {
  /// The configured template (`fill.testCommand`) or the language's default, with `{test}` and
  /// `{stub}` replaced by shell-quoted repository-relative paths.
  public static func resolve(template: String?, stub: Stub) -> String {
    let template = template.flatMap { $0.isEmpty ? nil : $0 } ?? defaultTemplate(for: stub)
    return template
      .replacingOccurrences(of: "{test}", with: shellQuoted(stub.testPath))
      .replacingOccurrences(of: "{stub}", with: shellQuoted(stub.path))
  }

  /// The default by the test file's language.
  public static func defaultTemplate(for stub: Stub) -> String {
    let test = stub.testPath
    let base = ((test as NSString).lastPathComponent as NSString).deletingPathExtension
    switch StubLanguage(path: test) {
    case .python:
      return hasPytest ? "python3 -m pytest -q -p no:cacheprovider {test}" : "python3 -m unittest {test}"
    case .swift: return "swift test --filter \(shellQuoted(base))"
    case .go:
      let folder = (test as NSString).deletingLastPathComponent
      return "go test ./\(folder.isEmpty ? "." : folder)"
    case .rust:
      return test.hasPrefix("tests/") ? "cargo test --test \(shellQuoted(base))" : "cargo test"
    case .javascript, .typescript: return "node --test {test}"
    case .shell, .other: return "sh {test}"
    }
  }

  /// Whether `python3 -m pytest` works here (asked once).
  static let hasPytest: Bool = {
    let run = TestRunner(timeout: .seconds(30)).runBlocking("python3 -m pytest --version", in: "/")
    return run.passed
  }()

  /// A word the shell reads back unchanged.
  public static func shellQuoted(_ text: String) -> String {
    let plain = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:@+,")
    if !text.isEmpty && text.unicodeScalars.allSatisfy(plain.contains) { return text }
    return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}

/// Whole-file writes that a reader never sees half done.
enum AtomicFile {
  /// Writes to a temporary file in the same folder, keeps the old file's permissions, renames.
  static func write(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent()
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).git-llm-\(UUID().uuidString.prefix(8))")
    try data.write(to: temporary)
    if let permissions = try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] {
      try? FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary.path)
    }
    guard rename(temporary.path, path) == 0 else {
      let code = errno
      try? FileManager.default.removeItem(at: temporary)
      throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
    }
  }
}
