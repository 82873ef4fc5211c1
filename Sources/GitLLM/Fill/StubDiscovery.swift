import Foundation

/// Why a stub cannot be filled as asked.
public enum FillError: Error, CustomStringConvertible, Equatable {
  case notAStub(String)
  case noTestFile(stub: String, tried: [String])
  case badShard(String)
  case bareRepository
  case unknownRevision(String, String)
  case worktree(String)
  case testFileChanged(String)

  public var description: String {
    switch self {
    case .notAStub(let path): "\(path) has no `llm-stub:` comment line"
    case .noTestFile(let stub, let tried):
      "no test file for \(stub) (tried \(tried.joined(separator: ", "))); add an `llm-test: PATH` line"
    case .badShard(let text): "bad --shard \(text): expected K/N with 1 <= K <= N"
    case .bareRepository: "fill needs a work tree; this repository is bare"
    case .unknownRevision(let rev, let message): "unknown revision \(rev): \(message)"
    case .worktree(let message): "temporary worktree: \(message)"
    case .testFileChanged(let path): "the test file \(path) changed during the run"
    }
  }
}

/// Finds stubs in a work tree and the test files that go with them.
public struct StubDiscovery: Sendable {
  /// The work tree's root, absolute.
  public var root: String
  /// Repository-relative paths of tracked files, for finding test files anywhere.
  public var trackedPaths: [String]

  public init(root: String, trackedPaths: [String]) {
    self.root = root
    self.trackedPaths = trackedPaths
  }

  /// Reads the stub at a repository-relative path.
  /// - Throws: `FillError.notAStub` or `FillError.noTestFile`.
  public func stub(at path: String) throws -> Stub {
    guard let data = FileManager.default.contents(atPath: root + "/" + path),
      let markers = StubMarkers.parse(String(decoding: data, as: UTF8.self))
    else { throw FillError.notAStub(path) }
    return Stub(path: path, objective: markers.objective, testPath: try testPath(for: path, declared: markers.testPath))
  }

  /// The stubs among the paths (files without a marker are skipped), sorted by path.
  /// - Throws: `FillError.noTestFile` for a stub whose test cannot be found.
  public func stubs(among paths: [String]) throws -> [Stub] {
    var found: [Stub] = []
    for path in Set(paths).sorted() {
      let full = root + "/" + path
      guard let attributes = try? FileManager.default.attributesOfItem(atPath: full),
        attributes[.type] as? FileAttributeType == .typeRegular,
        (attributes[.size] as? Int ?? 0) <= 1 << 20,
        let data = FileManager.default.contents(atPath: full),
        data.range(of: Data(StubMarkers.stubTag.utf8)) != nil
      else { continue }
      guard StubMarkers.parse(String(decoding: data, as: UTF8.self)) != nil else { continue }
      found.append(try stub(at: path))
    }
    return found
  }

  /// The test file of a stub: the declared one (relative to the stub's folder, else the root),
  /// else the first convention of its language that exists.
  func testPath(for stub: String, declared: String?) throws -> String {
    let folder = (stub as NSString).deletingLastPathComponent
    let candidates: [String]
    if let declared {
      candidates = [join(folder, declared), declared]
    } else {
      candidates = conventions(for: stub)
    }
    for candidate in candidates where candidate != stub && exists(candidate) { return candidate }
    if declared == nil {
      let names = Set(candidates.map { ($0 as NSString).lastPathComponent })
      if let match = trackedPaths.sorted().first(where: { names.contains(($0 as NSString).lastPathComponent) && $0 != stub }) {
        return match
      }
    }
    throw FillError.noTestFile(stub: stub, tried: candidates)
  }

  /// The usual test-file locations for a source file, most likely first.
  public func conventions(for stub: String) -> [String] {
    let folder = (stub as NSString).deletingLastPathComponent
    let file = (stub as NSString).lastPathComponent
    let ext = (file as NSString).pathExtension
    let base = (file as NSString).deletingPathExtension
    let parent = (folder as NSString).deletingLastPathComponent
    switch StubLanguage(path: stub) {
    case .python:
      return [join(folder, "test_\(file)"), join(folder, "\(base)_test.py"),
        join(folder, "tests/test_\(file)"), join(folder, "test/test_\(file)"),
        join(parent, "tests/test_\(file)"), "tests/test_\(file)", "test/test_\(file)"]
    case .swift:
      let module = (folder as NSString).lastPathComponent
      return ["Tests/\(module)Tests/\(base)Tests.swift", join(folder, "\(base)Tests.swift"),
        "Tests/\(module)Tests/\(base)Test.swift"]
    case .go:
      return [join(folder, "\(base)_test.go")]
    case .rust:
      return ["tests/\(base).rs", "tests/\(base)_test.rs", join(folder, "tests/\(base).rs")]
    case .javascript, .typescript:
      return [join(folder, "\(base).test.\(ext)"), join(folder, "\(base).spec.\(ext)"),
        join(folder, "__tests__/\(base).test.\(ext)"), join(folder, "test/\(base).test.\(ext)"),
        "test/\(base).test.\(ext)", "tests/\(base).test.\(ext)"]
    case .shell, .other:
      return [join(folder, "test_\(file)"), join(folder, "\(base)_test.\(ext)"),
        "tests/test_\(file)"]
    }
  }

  private func exists(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory)
      && !isDirectory.boolValue
  }

  private func join(_ folder: String, _ name: String) -> String {
    let joined = folder.isEmpty ? name : folder + "/" + name
    return (joined as NSString).standardizingPath
  }
}
