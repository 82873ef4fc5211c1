import Foundation
import Testing

@testable import GitLLM

@Suite struct MemoryTrafficTests {
  @Test func messageRecordsCarryTheTextRedactedAndStayOutOfCallStats() throws {
    let repo = try TestRepository("memory-traffic")
    let sha = try repo.commit("initial")
    let repository = try Repository(path: repo.path)
    let history = repo.path + "/.git/llm/history"
    let settings = try Settings.load(
      repository: repository, environment: ["OPENAI_API_KEY": "sk-secret-0123456789abcdef"])
    let store = try MemoryStore(path: MemoryStore.path(for: repository))
    let message = try store.add(
      NewMemoryMessage(
        namespace: "debugger", role: "assistant",
        text: "key is sk-secret-0123456789abcdef, animal okapi"))
    let traffic = MemoryTraffic(settings: settings, repository: repository, command: "memory add")
    traffic.record(message)
    traffic.sync()

    let directory = TrafficDirectory(path: history)
    let records = directory.files().flatMap { TrafficReader.records(path: "\(history)/\($0)") }
    #expect(records.count == 1)
    let record = try #require(records.first)
    #expect(record.kind == .message && record.namespace == "debugger")
    #expect(record.commit.sha == sha && record.commit.command == "memory add")
    #expect(record.messages?.first?.role == .assistant)
    #expect(record.messages?.first?.content.contains("animal okapi") == true)
    #expect(record.messages?.first?.content.contains("sk-secret-0123456789abcdef") == false)

    let stats = TrafficStats.compute(directory: directory)
    #expect(stats.records == 1)
    #expect(stats.rows.isEmpty)
    // And the history search finds it by kind.
    let hits = try HistorySearch(store: store, directory: history).search("okapi", kind: "message")
    #expect(hits.map(\.recordID) == [record.id])
  }
}
