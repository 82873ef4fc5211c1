import Foundation

/// One remembered message of a namespace.
public struct MemoryMessage: Sendable, Equatable, Codable {
  public var id: Int64
  public var namespace: String
  /// `user`, `assistant`, `system` (or `tool` for imported tool output).
  public var role: String
  public var text: String
  public var created: Date?
  /// Where it came from: `cli`, `chatgpt-import`, `summary`, `fill`…
  public var source: String
  public var conversationID: String?
  public var conversationTitle: String?
  /// The row id of the message this one answers (imports), else nil.
  public var parentID: Int64?
  /// The message's id in its source (the ChatGPT message id).
  public var externalID: String?
  /// An estimate (UTF-8 bytes / 4), for budgeting prompts.
  public var tokenCount: Int

  enum CodingKeys: String, CodingKey {
    case id, namespace, role, text, created, source
    case conversationID = "conversation_id"
    case conversationTitle = "conversation_title"
    case parentID = "parent_id"
    case externalID = "external_id"
    case tokenCount = "token_count"
  }
}

/// A message to remember: what `MemoryStore.add` takes.
public struct NewMemoryMessage: Sendable, Equatable {
  public var namespace: String
  public var role: String
  public var text: String
  public var created: Date?
  public var source: String
  public var conversationID: String?
  public var conversationTitle: String?
  public var parentID: Int64?
  public var externalID: String?

  public init(
    namespace: String, role: String, text: String, created: Date? = Date(), source: String = "cli",
    conversationID: String? = nil, conversationTitle: String? = nil, parentID: Int64? = nil,
    externalID: String? = nil
  ) {
    self.namespace = namespace
    self.role = role
    self.text = text
    self.created = created
    self.source = source
    self.conversationID = conversationID
    self.conversationTitle = conversationTitle
    self.parentID = parentID
    self.externalID = externalID
  }
}

/// Names and estimates shared by the memory commands.
public enum Memory {
  public static let defaultNamespace = "default"

  /// A rough token count (4 bytes a token) for budgeting; exact counts come from the provider.
  public static func estimateTokens(_ text: String) -> Int { (text.utf8.count + 3) / 4 }

  /// Checks a namespace: letters, digits, `.`, `_`, `-`, not starting with `.` (it names files).
  /// - Throws: `MemoryError.invalidNamespace`.
  public static func validate(namespace: String) throws {
    let allowed = namespace.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        || $0 == "." || $0 == "_" || $0 == "-"
    }
    guard !namespace.isEmpty, namespace.count <= 100, allowed, !namespace.hasPrefix(".") else {
      throw MemoryError.invalidNamespace(namespace)
    }
  }

  /// Checks a role given on the command line.
  /// - Throws: `MemoryError.invalidRole`.
  public static func validate(role: String) throws {
    guard ChatMessage.Role(rawValue: role) != nil else { throw MemoryError.invalidRole(role) }
  }
}
