import Foundation

extension ChatGPTConversation {
  /// Content types that ChatGPT keeps out of the visible thread (custom instructions, reasoning).
  static let hiddenContentTypes: Set<String> = [
    "user_editable_context", "model_editable_context", "thoughts", "reasoning_recap",
  ]

  /// Reduces a decoded conversation to its visible thread.
  /// - Throws: a message (no byte offset yet) when the shape is unusable: no id, a `current_node`
  ///   that is not in `mapping`, or a cycle of parents.
  init(_ export: ExportConversation) throws(ThreadError) {
    guard let id = export.conversationID ?? export.id, !id.isEmpty else {
      throw ThreadError("it has neither `conversation_id` nor `id`")
    }
    self.id = id
    title = export.title ?? ""
    created = export.createTime.map { Date(timeIntervalSince1970: $0) }
    updated = export.updateTime.map { Date(timeIntervalSince1970: $0) }
    hiddenCount = 0
    messages = []

    // The path from the root to the node shown last; without `current_node`, follow the last
    // child down from the root (the latest edit or regeneration).
    var path: [ExportNode] = []
    if let current = export.currentNode {
      guard var node = export.mapping[current] else {
        throw ThreadError("`current_node` \(current) is not in `mapping`")
      }
      var seen: Set<String> = [current]
      path.append(node)
      while let parent = node.parent {
        guard let next = export.mapping[parent] else {
          throw ThreadError(
            "node \(node.id ?? "?") has parent \(parent), which is not in `mapping`")
        }
        guard seen.insert(parent).inserted else {
          throw ThreadError("the parents of node \(current) form a cycle")
        }
        path.append(next)
        node = next
      }
      path.reverse()
    } else if var node = export.mapping.values.first(where: { $0.parent == nil }) {
      var seen: Set<String> = []
      path.append(node)
      while let child = node.children?.last, let next = export.mapping[child],
        seen.insert(child).inserted
      {
        path.append(next)
        node = next
      }
    }

    var previousID: String?
    var previousTime = created
    for (position, node) in path.enumerated() {
      guard let message = node.message else { continue }
      guard message.metadata?.isVisuallyHidden != true,
        !Self.hiddenContentTypes.contains(message.content?.contentType ?? ""),
        let text = Self.text(of: message.content),
        !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
      else {
        hiddenCount += 1
        continue
      }
      let messageID = message.id ?? node.id ?? "\(id)#\(position)"
      let time = message.createTime.map { Date(timeIntervalSince1970: $0) } ?? previousTime
      messages.append(
        Message(
          id: messageID, role: message.author.role, text: text, created: time, parentID: previousID)
      )
      previousID = messageID
      previousTime = time
    }
  }

  /// The text a reader sees: `parts` strings, a placeholder for each image or other attachment,
  /// and for content types without `parts`, their text fields.
  static func text(of content: ExportContent?) -> String? {
    guard let content else { return nil }
    if let parts = content.parts {
      let pieces = parts.compactMap { part -> String? in
        switch part {
        case .text(let text): return text.isEmpty ? nil : text
        case .object(let type, let text):
          if let text, !text.isEmpty { return text }  // audio transcriptions carry their text
          return placeholder(for: type)
        case .other: return nil
        }
      }
      return pieces.joined(separator: "\n")
    }
    switch content.contentType {
    case "tether_quote":
      return [content.title, content.text, content.url].compactMap { $0 }.filter { !$0.isEmpty }
        .joined(separator: "\n")
    case "tether_browsing_display":
      return content.result ?? content.text
    default:
      return content.text ?? content.result ?? content.content
    }
  }

  static func placeholder(for contentType: String?) -> String {
    switch contentType ?? "" {
    case let type where type.contains("image"): return "[image]"
    case let type where type.contains("audio"): return "[audio]"
    case let type where type.contains("video"): return "[video]"
    case "": return "[attachment]"
    case let type: return "[\(type)]"
    }
  }
}

/// Why a conversation's thread could not be read.
struct ThreadError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}
