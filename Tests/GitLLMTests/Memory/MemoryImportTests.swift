import Foundation
import Testing

@testable import GitLLM

@Suite struct MemoryImportTests {
  typealias Fixture = MemoryExportFixture

  func importFile(_ path: String, into store: MemoryStore, namespace: String = "chat") throws
    -> MemoryImportReport
  {
    try store.importChatGPT(ChatGPTExportReader(path: path, chunkSize: 64), namespace: namespace)
  }

  @Test func importsVisibleThreadsAndIsIdempotent() throws {
    let scratch = try ScratchDirectory("import")
    try Fixture.write([Fixture.animals, Fixture.tools, Fixture.single], to: scratch("c.json"))
    let store = try MemoryStore(path: scratch("memory.sqlite"))
    var report = try importFile(scratch("c.json"), into: store)
    #expect(report.conversations == 3)
    #expect(report.imported == 4 + 6 + 1)
    #expect(report.skipped == 0)
    #expect(report.hidden == 1 + 2)
    let messages = try store.messages(namespace: "chat")
    let animals = messages.filter { $0.conversationID == "conv-animals" }
    #expect(animals.map(\.externalID) == ["u1", "a1b", "u2b", "a2"])
    #expect(
      animals.allSatisfy {
        $0.source == "chatgpt-import" && $0.conversationTitle == "Random animals"
      })
    #expect(animals.map(\.parentID) == [nil] + animals.dropLast().map(\.id))

    report = try importFile(scratch("c.json"), into: store)
    #expect(report.imported == 0 && report.skipped == 11)
    #expect(try store.count(namespace: "chat") == 11)

    // A newer export: the same conversations, one with a new message after the current node.
    let newer = Fixture.continued(Fixture.animals, id: "u3", role: "user", text: "Now a giraffe.")
    try Fixture.write([newer, Fixture.tools, Fixture.single], to: scratch("newer.json"))
    report = try importFile(scratch("newer.json"), into: store)
    #expect(report.imported == 1 && report.skipped == 11)
    let added = try #require(try store.messages(namespace: "chat").last)
    #expect(added.text == "Now a giraffe." && added.externalID == "u3")
    #expect(added.parentID == animals.last?.id)
    // Another namespace is separate.
    #expect(try importFile(scratch("c.json"), into: store, namespace: "other").imported == 11)
  }

  @Test func malformedExportImportsNothing() throws {
    let scratch = try ScratchDirectory("import")
    let store = try MemoryStore(path: scratch("memory.sqlite"))
    try store.add(NewMemoryMessage(namespace: "chat", role: "user", text: "kept"))
    // Valid conversations first, then a broken one: the valid ones must not stay.
    let good = try Fixture.data([Fixture.animals, Fixture.tools])
    var text = String(decoding: good, as: UTF8.self)
    text.removeLast()  // the closing ]
    try scratch.write("bad.json", text + #",{"title": "Broken", "mapping": [], "id": "z"}]"#)
    let error = #expect(throws: MemoryError.self) {
      try importFile(scratch("bad.json"), into: store)
    }
    #expect(error?.description.contains("conversation #3 \"Broken\"") == true)
    #expect(error?.description.contains("at byte \(text.utf8.count + 1)") == true)
    #expect(try store.messages(namespace: "chat").map(\.text) == ["kept"])

    try scratch.write("cut.json", String(decoding: good.prefix(good.count / 2 + 7), as: UTF8.self))
    #expect(throws: MemoryError.self) { try importFile(scratch("cut.json"), into: store) }
    #expect(try store.count(namespace: "chat") == 1)
    #expect(try store.search(namespace: "chat", query: "axolotl").isEmpty)
  }
}
