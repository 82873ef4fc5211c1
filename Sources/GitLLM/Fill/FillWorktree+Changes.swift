import Foundation

/// How the work tree differs from HEAD: what an isolated checkout (detached at HEAD) must copy in
/// or delete so that it sees the same files as a fill in place.
struct WorkTreeChanges: Sendable, Equatable {
  /// Files changed since HEAD (staged or not) and untracked files not ignored, to copy.
  var present: [String] = []
  /// Tracked files deleted from the work tree, to delete.
  var deleted: [String] = []

  /// Reads the changes with the git CLI (`git diff HEAD` and `git ls-files --others`).
  /// Throws: `FillError.worktree` with git's message when git fails.
  static func read(root: String) throws -> WorkTreeChanges {
    let changed = try gitPaths(["diff", "--name-only", "--no-renames", "-z", "HEAD", "--"], in: root)
    let untracked = try gitPaths(["ls-files", "--others", "--exclude-standard", "-z"], in: root)
    var changes = WorkTreeChanges()
    for path in Set(changed + untracked).sorted() where !path.hasSuffix("/") {
      // lstat, not stat: a dangling symlink is present, not deleted.
      guard let type = (try? FileManager.default.attributesOfItem(atPath: root + "/" + path))?[.type] as? FileAttributeType
      else {
        changes.deleted.append(path)
        continue
      }
      if type != .typeDirectory { changes.present.append(path) }  // a directory is a submodule
    }
    return changes
  }

  /// Makes `tree` match the work tree at `root` for these paths.
  /// Throws: `FillError.worktree` when a file cannot be copied.
  func apply(from root: String, to tree: String) throws {
    let files = FileManager.default
    for path in deleted { try? files.removeItem(atPath: tree + "/" + path) }
    for path in present {
      let target = tree + "/" + path
      do {
        try files.createDirectory(
          atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if (try? files.attributesOfItem(atPath: target)) != nil { try files.removeItem(atPath: target) }
        try files.copyItem(atPath: root + "/" + path, toPath: target)
      } catch {
        throw FillError.worktree("copying \(path): \(error.localizedDescription)")
      }
    }
  }

  /// The NUL-separated paths a git command prints, read whole (no capture limit).
  static func gitPaths(_ arguments: [String], in root: String) throws -> [String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git"] + arguments
    process.currentDirectoryURL = URL(fileURLWithPath: root)
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    do { try process.run() } catch { throw FillError.worktree("git \(arguments[0]): \(error)") }
    nonisolated(unsafe) var errors = Data()
    let reader = DispatchGroup()
    reader.enter()
    DispatchQueue.global().async {
      errors = err.fileHandleForReading.readDataToEndOfFile()
      reader.leave()
    }
    let output = out.fileHandleForReading.readDataToEndOfFile()
    reader.wait()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      let message = String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      throw FillError.worktree("git \(arguments[0]): \(message)")
    }
    return output.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
  }
}
