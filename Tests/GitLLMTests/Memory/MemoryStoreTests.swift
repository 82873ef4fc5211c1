import Foundation
import Testing

@testable import GitLLM

@Suite struct MemoryStoreTests {
  @Test func addListAndLastN() throws {
    let scratch = try ScratchDirectory("memory")
    let store = try MemoryStore(path: scratch("llm/memory.sqlite"))
    for (index, text) in ["one", "two", "three"].enumerated() {
      try store.add(
        NewMemoryMessage(
          namespace: "debugger", role: index % 2 == 0 ? "user" : "assistant", text: text))
    }
    try store.add(NewMemoryMessage(namespace: "other", role: "user", text: "elsewhere"))
    #expect(try store.messages(namespace: "debugger").map(\.text) == ["one", "two", "three"])
    #expect(try store.messages(namespace: "debugger", last: 2).map(\.text) == ["two", "three"])
    let first = try #require(try store.messages(namespace: "debugger").first)
    #expect(first.source == "cli" && first.role == "user" && first.tokenCount == 1)
    #expect(try store.count(namespace: "other") == 1)
    // Reopening finds the same rows (a real file, migrated once).
    let reopened = try MemoryStore(path: scratch("llm/memory.sqlite"))
    #expect(try reopened.count(namespace: "debugger") == 3)
    #expect(try reopened.database.schemaVersion == MemoryStore.allMigrations.count)
  }

  @Test func clearRemovesOnlyTheNamespaceAndItsIndex() throws {
    let scratch = try ScratchDirectory("memory")
    let store = try MemoryStore(path: scratch("memory.sqlite"))
    try store.add(NewMemoryMessage(namespace: "a", role: "user", text: "the zebra is striped"))
    try store.add(NewMemoryMessage(namespace: "b", role: "user", text: "the zebra runs"))
    #expect(try store.clear(namespace: "a") == 1)
    #expect(try store.messages(namespace: "a").isEmpty)
    #expect(try store.search(namespace: "a", query: "zebra").isEmpty)
    #expect(
      try store.search(namespace: "b", query: "zebra").map(\.message.text) == ["the zebra runs"])
    let indexed = try store.database.scalar(
      "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'zebra'")
    #expect(indexed == .integer(1))
  }

  @Test func searchRanksByRelevanceWithStemmingAndIgnoresSyntax() throws {
    let scratch = try ScratchDirectory("memory")
    let store = try MemoryStore(path: scratch("memory.sqlite"))
    try store.add(NewMemoryMessage(namespace: "d", role: "user", text: "Tell me something random."))
    try store.add(
      NewMemoryMessage(namespace: "d", role: "assistant", text: "A random animal: the okapi."))
    try store.add(
      NewMemoryMessage(namespace: "d", role: "user", text: "The build failed on Linux."))
    let hits = try store.search(
      namespace: "d", query: "What random animals have you said? \"AND (", limit: 2)
    #expect(hits.first?.message.text == "A random animal: the okapi.")
    #expect(hits.count == 2)
    #expect(try store.search(namespace: "d", query: "?!").isEmpty)
  }

  @Test func rejectsBadNamespacesAndEmptyText() throws {
    let scratch = try ScratchDirectory("memory")
    let store = try MemoryStore(path: scratch("memory.sqlite"))
    #expect(throws: MemoryError.invalidNamespace("../x")) {
      try store.add(NewMemoryMessage(namespace: "../x", role: "user", text: "hi"))
    }
    #expect(throws: MemoryError.emptyMessage) {
      try store.add(NewMemoryMessage(namespace: "ok", role: "user", text: " \n"))
    }
    #expect(throws: MemoryError.invalidRole("robot")) { try Memory.validate(role: "robot") }
  }
}
