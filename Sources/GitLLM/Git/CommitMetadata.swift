import CGit2
import Foundation

/// Where and on what a command ran: recorded with every LLM call.
public struct CommitMetadata: Sendable, Equatable, Codable {
  /// The last component of `root`.
  public var repository: String
  /// The work tree's top folder, or the git directory of a bare repository.
  public var root: String
  /// origin's URL (else the first remote's) with credentials stripped.
  public var remote: String?
  /// nil when HEAD is detached.
  public var branch: String?
  /// HEAD's commit; nil when unborn.
  public var sha: String?
  /// "Name <email>" of HEAD's author, else of the configured user.
  public var author: String?
  /// HEAD's author time; nil when unborn.
  public var time: Date?
}

extension Repository {
  /// Describes HEAD; works when it is unborn or detached.
  /// - Throws: `GitError` when HEAD or the remotes cannot be read.
  public func commitMetadata() throws -> CommitMetadata {
    let root = workingDirectory ?? gitDirectory
    let head = try head()
    let commit = try head.commit.map { try self.commit($0) }
    return CommitMetadata(
      repository: URL(fileURLWithPath: root).lastPathComponent,
      root: root,
      remote: try remoteURL().map(URLRedaction.stripCredentials),
      branch: head.branchName,
      sha: head.commit?.hex,
      author: commit?.author.formatted ?? configuredUser(),
      time: commit?.author.time)
  }

  /// The URL of `origin`, else of the first remote in name order; nil without remotes.
  func remoteURL() throws -> String? {
    var names = git_strarray()
    try GitError.check(git_remote_list(&names, handle), "git_remote_list")
    defer { git_strarray_dispose(&names) }
    var all: [String] = []
    for index in 0..<names.count {
      if let name = names.strings[index] { all.append(String(cString: name)) }
    }
    guard let chosen = all.contains("origin") ? "origin" : all.sorted().first else { return nil }
    var remote: OpaquePointer?
    try GitError.check(git_remote_lookup(&remote, handle, chosen), "git_remote_lookup")
    defer { git_remote_free(remote) }
    return git_remote_url(remote).map { String(cString: $0) }
  }

  /// `user.name <user.email>` from the config; nil when either is unset.
  private func configuredUser() -> String? {
    var signature: UnsafeMutablePointer<git_signature>?
    guard git_signature_default(&signature, handle) == 0, let signature else { return nil }
    defer { git_signature_free(signature) }
    return Signature(signature).formatted
  }
}
