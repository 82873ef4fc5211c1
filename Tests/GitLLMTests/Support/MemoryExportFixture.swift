import Foundation

/// Writes ChatGPT data exports shaped like the real ones: a JSON array of conversations, each a
/// `mapping` of node id → {id, message|null, parent, children} with a `current_node`.
struct MemoryExportFixture {
  struct Node {
    var id: String
    var parent: String?
    var role: String?  // nil: a node without a message (the root)
    var content: [String: Any] = [:]
    var time: Double?
    var hidden = false
  }

  static func text(_ parts: String...) -> [String: Any] {
    ["content_type": "text", "parts": parts]
  }

  static func conversation(
    id: String, title: String, created: Double?, nodes: [Node], current: String
  ) -> [String: Any] {
    var mapping: [String: Any] = [:]
    for node in nodes {
      let children = nodes.filter { $0.parent == node.id }.map(\.id)
      var entry: [String: Any] = [
        "id": node.id, "parent": node.parent ?? NSNull(), "children": children,
      ]
      if let role = node.role {
        var metadata: [String: Any] = ["model_slug": "gpt-4o"]
        if node.hidden { metadata["is_visually_hidden_from_conversation"] = true }
        entry["message"] = [
          "id": node.id, "author": ["role": role, "name": NSNull(), "metadata": [:]],
          "create_time": node.time.map { $0 as Any } ?? NSNull(), "update_time": NSNull(),
          "content": node.content, "status": "finished_successfully", "end_turn": true,
          "weight": 1.0, "metadata": metadata, "recipient": "all",
        ]
      } else {
        entry["message"] = NSNull()
      }
      mapping[node.id] = entry
    }
    return [
      "title": title, "create_time": created.map { $0 as Any } ?? NSNull(),
      "update_time": created.map { ($0 + 600) as Any } ?? NSNull(),
      "mapping": mapping, "current_node": current, "conversation_id": id, "id": id,
      "moderation_results": [], "is_archived": false,
    ]
  }

  /// Branches from a regeneration and an edit; the visible thread is u1, a1b, u2b, a2.
  static var animals: [String: Any] {
    conversation(
      id: "conv-animals", title: "Random animals", created: 1_700_000_000,
      nodes: [
        Node(id: "root", parent: nil, role: nil),
        Node(id: "sys", parent: "root", role: "system", content: text(""), hidden: true),
        Node(
          id: "u1", parent: "sys", role: "user", content: text("Name a random animal to draw."),
          time: 1_700_000_010),
        Node(
          id: "a1", parent: "u1", role: "assistant", content: text("A capybara."),
          time: 1_700_000_020),
        Node(
          id: "a1b", parent: "u1", role: "assistant",
          content: text("An axolotl, the \"walking fish\"."), time: 1_700_000_030),
        Node(
          id: "u2a", parent: "a1b", role: "user", content: text("Make it sillier"),
          time: 1_700_000_040),
        Node(
          id: "u2b", parent: "a1b", role: "user", content: text("Make it cuter — ünïcödé ✓"),
          time: 1_700_000_050),
        Node(
          id: "a2", parent: "u2b", role: "assistant",
          content: text("A baby axolotl\nwearing a tiny hat."), time: 1_700_000_060),
        Node(
          id: "a2x", parent: "u2a", role: "assistant", content: text("A penguin juggling."),
          time: 1_700_000_045),
      ], current: "a2")
  }

  /// Null times, an image part, code and its output, browsing results, hidden context, an empty reply.
  static var tools: [String: Any] {
    conversation(
      id: "conv-tools", title: "Plotting", created: nil,
      nodes: [
        Node(id: "r", parent: nil, role: nil),
        Node(
          id: "ctx", parent: "r", role: "user",
          content: [
            "content_type": "user_editable_context", "user_profile": "I like plots",
            "user_instructions": "",
          ]),
        Node(
          id: "m1", parent: "ctx", role: "user",
          content: [
            "content_type": "multimodal_text",
            "parts": [
              [
                "content_type": "image_asset_pointer", "asset_pointer": "file-service://file-abc",
                "width": 640, "height": 480,
              ],
              "Plot the data in this picture.",
            ],
          ]),
        Node(
          id: "m2", parent: "m1", role: "assistant",
          content: [
            "content_type": "code", "language": "python", "text": "import matplotlib\nprint(42)",
          ]),
        Node(
          id: "m3", parent: "m2", role: "tool",
          content: ["content_type": "execution_output", "text": "42"], time: 1_700_100_000),
        Node(id: "m4", parent: "m3", role: "assistant", content: text("")),
        Node(
          id: "m5", parent: "m4", role: "tool",
          content: [
            "content_type": "tether_browsing_display",
            "result": "# matplotlib docs\nPlotting basics", "summary": NSNull(),
          ]),
        Node(
          id: "m6", parent: "m5", role: "tool",
          content: [
            "content_type": "tether_quote", "url": "https://matplotlib.org",
            "domain": "matplotlib.org", "text": "Matplotlib is a library", "title": "Matplotlib",
          ]),
        Node(id: "m7", parent: "m6", role: "assistant", content: text("Here is your plot.")),
      ], current: "m7")
  }

  /// A conversation of a single node.
  static var single: [String: Any] {
    conversation(
      id: "conv-single", title: "One line", created: 1_700_200_000,
      nodes: [
        Node(
          id: "only", parent: nil, role: "user", content: text("Remember: the vault code is 7291."),
          time: 1_700_200_001)
      ],
      current: "only")
  }

  static func data(_ conversations: [[String: Any]]) throws -> Data {
    try JSONSerialization.data(withJSONObject: conversations, options: [.sortedKeys])
  }

  static func write(_ conversations: [[String: Any]], to path: String) throws {
    try data(conversations).write(to: URL(fileURLWithPath: path))
  }

  /// Adds one message after `current_node` and makes it current (a newer export of the same chat).
  static func continued(_ conversation: [String: Any], id: String, role: String, text value: String)
    -> [String: Any]
  {
    var conversation = conversation
    var mapping = conversation["mapping"] as! [String: Any]
    let current = conversation["current_node"] as! String
    var parent = mapping[current] as! [String: Any]
    parent["children"] = (parent["children"] as! [String]) + [id]
    mapping[current] = parent
    mapping[id] = [
      "id": id, "parent": current, "children": [String](),
      "message": [
        "id": id, "author": ["role": role], "create_time": 1_700_000_100.5,
        "content": text(value), "metadata": [:],
      ],
    ]
    conversation["mapping"] = mapping
    conversation["current_node"] = id
    return conversation
  }

  /// `count` conversations of `messages` messages each, about `bytes` long per message.
  static func generated(count: Int, messages: Int, bytes: Int, offset: Int = 0) -> [[String: Any]] {
    let filler = String(repeating: "lorem ipsum dolor sit amet ", count: max(1, bytes / 27))
    return (0..<count).map { c in
      var nodes = [Node(id: "g\(c)-root", parent: nil, role: nil)]
      for m in 0..<messages {
        nodes.append(
          Node(
            id: "g\(c)-\(m)", parent: nodes.last!.id, role: m % 2 == 0 ? "user" : "assistant",
            content: text("message \(m) of conversation \(c + offset): \(filler)"),
            time: Double(1_600_000_000 + m)))
      }
      return conversation(
        id: "gen-\(c + offset)", title: "Generated \(c + offset)", created: nil, nodes: nodes,
        current: nodes.last!.id)
    }
  }
}
