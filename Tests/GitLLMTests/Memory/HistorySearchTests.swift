import Foundation
import Testing

@testable import GitLLM

@Suite struct HistorySearchTests {
  static func record(
    _ id: String, namespace: String, kind: String, prompt: String, command: String = "ask"
  ) -> String {
    let object: [String: Any] = [
      "id": id, "time": "2026-11-27T10:00:0\(id.count % 10)Z", "namespace": namespace, "kind": kind,
      "provider": "openai", "model": "gpt-4o-mini",
      "messages": [
        ["role": "system", "content": "You are terse."], ["role": "user", "content": prompt],
      ],
      "commit": ["repo": "demo", "branch": "main", "sha": "abc123", "command": command],
    ]
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  @Test func findsAPlantedPromptAndFollowsAppends() throws {
    let scratch = try ScratchDirectory("history")
    try scratch.write(
      "history/default/2026-11-26.jsonl",
      Self.record(
        "r1", namespace: "default", kind: "request", prompt: "Explain the flux capacitor wiring")
        + Self.record("r2", namespace: "default", kind: "request", prompt: "Summarise README.md"))
    try scratch.write(
      "history/hooks/2026-11-27.jsonl",
      Self.record(
        "r3", namespace: "hooks", kind: "request", prompt: "Summarise Sources/main.swift",
        command: "hook pre-commit")
        + "not json\n")
    let store = try MemoryStore(path: scratch("memory.sqlite"))
    let search = HistorySearch(store: store, directory: scratch("history"))
    var hits = try search.search("flux capacitor")
    #expect(hits.map(\.recordID) == ["r1"])
    #expect(hits.first?.file == "default/2026-11-26.jsonl" && hits.first?.line == 1)
    #expect(hits.first?.snippet.contains("[flux] [capacitor]") == true)
    #expect(hits.first?.snippet.contains("openai") == false)  // metadata stays out of the snippet
    #expect(try search.search("abc123 flux").map(\.recordID) == ["r1"])  // but is searchable
    hits = try search.search("summarise", namespace: "hooks")
    #expect(hits.map(\.recordID) == ["r3"])
    #expect(hits.first?.command == "hook pre-commit")
    #expect(try search.search("summarise").count == 2)
    #expect(try search.search("summarise", kind: "response").isEmpty)

    // Appends are picked up; a half-written last line waits for its newline.
    let handle = try #require(
      FileHandle(forWritingAtPath: scratch("history/default/2026-11-26.jsonl")))
    try handle.seekToEnd()
    let planted = Self.record(
      "r4", namespace: "default", kind: "request", prompt: "zanzibar quokka")
    try handle.write(contentsOf: Data(planted.utf8.dropLast(10)))
    #expect(try search.search("quokka").isEmpty)
    try handle.write(contentsOf: Data(planted.utf8.suffix(10)))
    try handle.close()
    hits = try search.search("quokka")
    #expect(hits.map(\.recordID) == ["r4"])
    #expect(hits.first?.line == 3)
    #expect(try search.refresh() == 0)
    #expect(try store.database.scalar("SELECT count(*) FROM history") == .integer(4))

    // A rewritten (shorter) file is indexed again; a removed file is forgotten.
    try scratch.write(
      "history/default/2026-11-26.jsonl",
      Self.record("r5", namespace: "default", kind: "error", prompt: "tiny"))
    try FileManager.default.removeItem(atPath: scratch("history/hooks/2026-11-27.jsonl"))
    #expect(try search.search("flux").isEmpty)
    #expect(try search.search("summarise").isEmpty)
    #expect(try search.search("tiny").map(\.recordID) == ["r5"])
  }

  @Test func anyWordMatchesWhenNoRecordHasAll() throws {
    let scratch = try ScratchDirectory("history")
    try scratch.write(
      "h/a.jsonl", Self.record("x", namespace: "n", kind: "response", prompt: "the okapi is shy"))
    let search = HistorySearch(
      store: try MemoryStore(path: scratch("m.sqlite")), directory: scratch("h"))
    #expect(try search.search("okapi giraffe").map(\.recordID) == ["x"])
    #expect(try search.search("").isEmpty)
    let empty = HistorySearch(
      store: try MemoryStore(path: scratch("m2.sqlite")), directory: scratch("missing"))
    #expect(try empty.search("okapi").isEmpty)
  }

  @Test func anOverLongLineIsSkippedAndTheRestIndexed() throws {
    let scratch = try ScratchDirectory("history")
    let huge = Self.record(
      "big", namespace: "n", kind: "request",
      prompt: "capybara " + String(repeating: "x", count: 3 << 20))
    let small = Self.record("long", namespace: "n", kind: "request", prompt: "capybara " + String(repeating: "y", count: 5000))
    try scratch.write(
      "h/a.jsonl",
      Self.record("before", namespace: "n", kind: "request", prompt: "capybara one") + huge + small
        + Self.record("after", namespace: "n", kind: "request", prompt: "capybara two"))
    let search = HistorySearch(
      store: try MemoryStore(path: scratch("m.sqlite")), directory: scratch("h"), maxLineBytes: 4096)
    let hits = try search.search("capybara")
    #expect(Set(hits.map(\.recordID)) == ["before", "after"])
    #expect(hits.first { $0.recordID == "after" }?.line == 4)
    #expect(try search.refresh() == 0)  // the skipped lines are behind the cursor
    // The default limit keeps both long lines.
    let roomy = HistorySearch(store: try MemoryStore(path: scratch("m2.sqlite")), directory: scratch("h"))
    #expect(try roomy.search("capybara").count == 4)
  }
}
