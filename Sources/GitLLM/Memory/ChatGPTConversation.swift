import Foundation

/// One conversation of a ChatGPT data export, reduced to the thread its owner last saw.
public struct ChatGPTConversation: Sendable, Equatable {
  /// One visible message of the thread.
  public struct Message: Sendable, Equatable {
    /// The message's id in the export (the key for idempotent re-import).
    public var id: String
    /// `user`, `assistant`, `system` or `tool`, as the export says.
    public var role: String
    public var text: String
    /// The message's time, else the previous message's, else the conversation's; nil when none is known.
    public var created: Date?
    /// The id of the visible message before this one; nil for the first.
    public var parentID: String?
  }

  public var id: String
  public var title: String
  public var created: Date?
  public var updated: Date?
  /// The visible thread in order: from the root to `current_node`, without hidden or empty messages.
  public var messages: [Message]
  /// Messages on the path that were left out (hidden system messages, empty ones, hidden context).
  public var hiddenCount: Int
}

// MARK: - The export's shape

/// The subset of a conversation object that the import reads (explicit keys: snake-case
/// conversion would also rewrite the node ids of `mapping`).
struct ExportConversation: Decodable {
  var title: String?
  var createTime: Double?
  var updateTime: Double?
  var mapping: [String: ExportNode]
  var currentNode: String?
  var id: String?
  var conversationID: String?

  enum CodingKeys: String, CodingKey {
    case title, mapping, id
    case createTime = "create_time"
    case updateTime = "update_time"
    case currentNode = "current_node"
    case conversationID = "conversation_id"
  }
}

struct ExportNode: Decodable {
  var id: String?
  var message: ExportMessage?
  var parent: String?
  var children: [String]?
}

struct ExportMessage: Decodable {
  struct Author: Decodable { var role: String }
  struct Metadata: Decodable {
    var isVisuallyHidden: Bool?
    enum CodingKeys: String, CodingKey {
      case isVisuallyHidden = "is_visually_hidden_from_conversation"
    }
  }

  var id: String?
  var author: Author
  var createTime: Double?
  var content: ExportContent?
  var metadata: Metadata?

  enum CodingKeys: String, CodingKey {
    case id, author, content, metadata
    case createTime = "create_time"
  }
}

struct ExportContent: Decodable {
  /// A part of `parts`: text, or an object such as an image pointer or an audio transcription.
  enum Part: Decodable {
    case text(String)
    case object(contentType: String?, text: String?)
    case other

    init(from decoder: any Decoder) throws {
      let single = try decoder.singleValueContainer()
      if let text = try? single.decode(String.self) {
        self = .text(text)
      } else if let object = try? single.decode(PartObject.self) {
        self = .object(contentType: object.contentType, text: object.text)
      } else {
        self = .other
      }
    }
  }

  struct PartObject: Decodable {
    var contentType: String?
    var text: String?
    enum CodingKeys: String, CodingKey {
      case contentType = "content_type"
      case text
    }
  }

  var contentType: String?
  var parts: [Part]?
  var text: String?
  var result: String?
  var title: String?
  var url: String?
  var content: String?

  enum CodingKeys: String, CodingKey {
    case contentType = "content_type"
    case parts, text, result, title, url, content
  }

  // Lenient field by field: content types come and go, and one odd field (an object where a
  // string was expected) must not reject a whole conversation.
  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    contentType = try? c.decodeIfPresent(String.self, forKey: .contentType)
    parts = try? c.decodeIfPresent([Part].self, forKey: .parts)
    text = try? c.decodeIfPresent(String.self, forKey: .text)
    result = try? c.decodeIfPresent(String.self, forKey: .result)
    title = try? c.decodeIfPresent(String.self, forKey: .title)
    url = try? c.decodeIfPresent(String.self, forKey: .url)
    content = try? c.decodeIfPresent(String.self, forKey: .content)
  }
}
