import Foundation

/// A failure of the memory commands, with a message that says where.
public enum MemoryError: Error, CustomStringConvertible, Equatable {
  /// The file could not be opened or read.
  case unreadable(path: String, reason: String)
  /// The export is not what ChatGPT writes; `offset` is the byte where the problem was found and
  /// `conversation` names the conversation (`#3 "Title"`) when one was being read.
  case malformedExport(path: String, offset: Int, conversation: String?, message: String)
  /// A role other than user, assistant or system.
  case invalidRole(String)
  /// Nothing to add: the message text is empty.
  case emptyMessage
  /// `summarize` on a namespace without messages.
  case nothingToSummarize(String)
  /// A namespace name that cannot be used (empty, or with `/` or control characters).
  case invalidNamespace(String)

  public var description: String {
    switch self {
    case .unreadable(let path, let reason):
      return "cannot read \(path): \(reason)"
    case .malformedExport(let path, let offset, let conversation, let message):
      let which = conversation.map { " in conversation \($0)" } ?? ""
      return
        "malformed ChatGPT export \(path) at byte \(offset)\(which): \(message); nothing was imported"
    case .invalidRole(let role):
      return "unknown role `\(role)`: use user, assistant or system"
    case .emptyMessage:
      return "the message is empty"
    case .nothingToSummarize(let namespace):
      return "namespace `\(namespace)` has no messages to summarise"
    case .invalidNamespace(let name):
      return "invalid namespace `\(name)`: use letters, digits, `.`, `_` or `-`"
    }
  }
}
