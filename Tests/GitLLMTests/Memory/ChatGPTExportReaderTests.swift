import Foundation
import Testing

@testable import GitLLM

@Suite struct ChatGPTExportReaderTests {
  typealias Fixture = MemoryExportFixture

  func readAll(_ path: String, chunkSize: Int = 1 << 20) throws -> [ChatGPTConversation] {
    let reader = try ChatGPTExportReader(path: path, chunkSize: chunkSize)
    var conversations: [ChatGPTConversation] = []
    while let conversation = try reader.next() { conversations.append(conversation) }
    return conversations
  }

  func export(_ conversations: [[String: Any]]) throws -> (ScratchDirectory, String) {
    let scratch = try ScratchDirectory("export")
    try Fixture.write(conversations, to: scratch("conversations.json"))
    return (scratch, scratch("conversations.json"))
  }

  @Test func visibleThreadFollowsTheCurrentBranchInOrder() throws {
    let (scratch, path) = try export([Fixture.animals, Fixture.tools, Fixture.single])
    let conversations = try readAll(path)
    #expect(conversations.map(\.id) == ["conv-animals", "conv-tools", "conv-single"])
    let animals = conversations[0]
    #expect(animals.title == "Random animals")
    #expect(animals.messages.map(\.id) == ["u1", "a1b", "u2b", "a2"])
    #expect(animals.messages.map(\.role) == ["user", "assistant", "user", "assistant"])
    #expect(
      animals.messages.map(\.text) == [
        "Name a random animal to draw.", "An axolotl, the \"walking fish\".",
        "Make it cuter — ünïcödé ✓", "A baby axolotl\nwearing a tiny hat.",
      ])
    #expect(animals.messages.map(\.parentID) == [nil, "u1", "a1b", "u2b"])
    #expect(animals.hiddenCount == 1)  // the hidden system message
    #expect(animals.messages[0].created == Date(timeIntervalSince1970: 1_700_000_010))
    _ = scratch
  }

  @Test func contentTypesWithoutPartsAndImagesBecomeText() throws {
    let (scratch, path) = try export([Fixture.tools])
    let tools = try #require(try readAll(path).first)
    #expect(tools.messages.map(\.id) == ["m1", "m2", "m3", "m5", "m6", "m7"])
    #expect(
      tools.messages.map(\.text) == [
        "[image]\nPlot the data in this picture.", "import matplotlib\nprint(42)", "42",
        "# matplotlib docs\nPlotting basics",
        "Matplotlib\nMatplotlib is a library\nhttps://matplotlib.org",
        "Here is your plot.",
      ])
    #expect(tools.hiddenCount == 2)  // the custom-instructions context and the empty reply
    // Null times: nothing before m3 has a time, later messages inherit the last known one.
    #expect(tools.created == nil)
    #expect(tools.messages[0].created == nil)
    #expect(tools.messages[2].created == Date(timeIntervalSince1970: 1_700_100_000))
    #expect(tools.messages[5].created == Date(timeIntervalSince1970: 1_700_100_000))
    _ = scratch
  }

  @Test func singleNodeConversationHasOneMessage() throws {
    let (scratch, path) = try export([Fixture.single])
    let single = try #require(try readAll(path).first)
    #expect(single.messages.map(\.text) == ["Remember: the vault code is 7291."])
    #expect(single.messages[0].parentID == nil)
    _ = scratch
  }

  @Test func tinyChunksSplitAnywhereGiveTheSameResult() throws {
    let (scratch, path) = try export([Fixture.animals, Fixture.tools, Fixture.single])
    let whole = try readAll(path)
    for chunk in [16, 17, 31, 4096] {
      #expect(try readAll(path, chunkSize: chunk) == whole)
    }
    _ = scratch
  }

  @Test func emptyArrayAndWhitespaceAreFine() throws {
    let scratch = try ScratchDirectory("export")
    try scratch.write("e.json", " \n[ ]\n")
    #expect(try readAll(scratch("e.json")).isEmpty)
  }

  @Test func aLeadingByteOrderMarkIsSkipped() throws {
    let (scratch, path) = try export([Fixture.animals, Fixture.single])
    let whole = try readAll(path)
    let plain = try Data(contentsOf: URL(fileURLWithPath: path))
    try (Data([0xEF, 0xBB, 0xBF]) + plain).write(to: URL(fileURLWithPath: scratch("bom.json")))
    for chunk in [16, 1 << 20] {
      #expect(try readAll(scratch("bom.json"), chunkSize: chunk) == whole)
    }
    #expect(whole.count == 2)
    // Offsets stay file offsets: a problem right after the mark is at byte 3.
    try (Data([0xEF, 0xBB, 0xBF]) + Data("{}".utf8)).write(to: URL(fileURLWithPath: scratch("obj.json")))
    let error = #expect(throws: MemoryError.self) { _ = try readAll(scratch("obj.json")) }
    #expect(error?.description.contains("at byte 3") == true, "\(String(describing: error))")
    #expect(error?.description.contains("found `{`") == true, "\(String(describing: error))")
  }

  @Test func memoryIsBoundedByTheChunkAndTheLargestConversation() throws {
    let (scratch, path) = try export(Fixture.generated(count: 400, messages: 10, bytes: 1000))
    let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    let reader = try ChatGPTExportReader(path: path, chunkSize: 64 * 1024)
    var largest = 0
    var count = 0
    while let conversation = try reader.next() {
      count += 1
      largest = max(largest, conversation.messages.reduce(0) { $0 + $1.text.utf8.count })
    }
    #expect(count == 400)
    #expect(size > 4_000_000)
    #expect(reader.bytesRead == size)
    // One chunk plus one conversation's bytes (its text plus the JSON around it).
    #expect(reader.peakBufferedBytes <= 64 * 1024 + 3 * largest)
    #expect(reader.peakBufferedBytes < size / 20)
    _ = scratch
  }
}

// MARK: - Malformed exports

extension ChatGPTExportReaderTests {
  func failure(_ text: String) throws -> MemoryError {
    let scratch = try ScratchDirectory("export")
    try scratch.write("bad.json", text)
    let error = #expect(throws: MemoryError.self) {
      _ = try readAll(scratch("bad.json"), chunkSize: 16)
    }
    return try #require(error)
  }

  @Test func truncatedExportNamesTheConversationAndOffset() throws {
    let data = try Fixture.data([Fixture.single, Fixture.animals])
    let cut = String(decoding: data.prefix(data.count - 40), as: UTF8.self)
    let error = try failure(cut)
    guard case .malformedExport(_, let offset, _, let message) = error else {
      Issue.record("unexpected \(error)")
      return
    }
    let second = try #require(
      cut.utf8.firstIndex(of: UInt8(ascii: "{")).map { _ in
        cut.range(of: "},{")!.lowerBound.utf16Offset(in: cut) + 2
      })
    #expect(offset == data.count - 40)
    #expect(message.contains("ends inside conversation #2, which starts at byte \(second)"))
    #expect(error.description.contains("nothing was imported"))
  }

  @Test func wrongShapesAreNamed() throws {
    var error = try failure(#"{"conversations": []}"#)
    #expect(error.description.contains("at byte 0"))
    #expect(error.description.contains("expected a JSON array of conversations"))

    error = try failure(#"[{"title": "Broken", "mapping": "nope", "id": "x"}]"#)
    #expect(error.description.contains("at byte 1 in conversation #1 \"Broken\""))
    #expect(error.description.contains("mapping"))

    error = try failure(#"[{"title": "Lost", "mapping": {}, "current_node": "n9", "id": "x"}]"#)
    #expect(error.description.contains("#1 \"Lost\""))
    #expect(error.description.contains("`current_node` n9 is not in `mapping`"))

    error = try failure(#"[{"title": "A", "mapping": {}, "id": "a"}, 42]"#)
    #expect(error.description.contains("conversation #2 is not a JSON object"))

    error = try failure(#"[{"title": "A", "mapping": {}, "id": "a"},]"#)
    #expect(error.description.contains("trailing comma"))

    error = try failure(#"[{"title": "A", "mapping": {]}]"#)
    #expect(error.description.contains("mismatched `]`"))
    #expect(error.description.contains("at byte 28"))

    error = try failure(#"[{"title": "A", "mapping": {}, "id": "a"}] x"#)
    #expect(error.description.contains("after the end of the array"))

    error = try failure("")
    #expect(error.description.contains("empty"))
  }
}
