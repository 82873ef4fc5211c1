import CGit2

/// A failed libgit2 call, with libgit2's own message.
public struct GitError: Error, CustomStringConvertible, Equatable {
  /// The `git_error_code` the call returned (negative), e.g. -3 for not found.
  public let code: Int32
  /// The libgit2 function that failed.
  public let function: String
  /// libgit2's text for the failure (from `git_error_last()`), sometimes prefixed with our context.
  public let message: String

  public var description: String { "\(function) failed (\(code)): \(message)" }

  /// Whether the object, reference, repository or file asked for does not exist.
  public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }

  init(code: Int32, function: String, message: String) {
    self.code = code
    self.function = function
    self.message = message
  }

  /// Reads `git_error_last()` now: it is per thread and replaced by the next failing call.
  init(code: Int32, function: String) {
    var text = "unknown error"
    if let last = git_error_last(), let cMessage = last.pointee.message {
      text = String(cString: cMessage)
    }
    self.init(code: code, function: function, message: text)
  }

  /// Throws a `GitError` for a negative libgit2 return code.
  @discardableResult
  static func check(_ code: Int32, _ function: String) throws -> Int32 {
    if code < 0 { throw GitError(code: code, function: function) }
    return code
  }
}

/// Process-wide libgit2 setup, run once before the first libgit2 call.
enum LibGit2 {
  /// `git_libgit2_init` is reference counted; a CLI never needs the matching shutdown.
  static let ready: Void = {
    git_libgit2_init()
    // libgit2 1.5 refuses repositories owned by another uid (CI containers check out as one uid
    // and run as another) with a misleading "safe.directory" error. It cannot trust "the user's
    // own checkouts" the way git does, so validation is off: we only read the repository we run in.
    _ = cgit2_set_owner_validation(0)
  }()
}
