import Foundation
import Testing

@testable import GitLLM

@Suite struct PubSubMessageTests {
  func record(_ content: String = "SQL: select 1", templates: [String]? = ["SQL"]) -> TrafficRecord
  {
    var record = TrafficRecord(
      namespace: "ns", kind: .response, provider: "openai", model: "gpt-4o",
      commit: .init(sha: "abc123", command: "ask"))
    record.content = content
    record.templates = templates
    return record
  }

  @Test func messageCarriesRecordAsDataAndFilterAttributes() throws {
    let rec = record()
    let line = try rec.jsonLine()
    let message = PubSubMessage(record: rec, line: line)
    #expect(message.data == line)
    #expect(message.attributes["record_id"] == rec.id)
    #expect(message.attributes["namespace"] == "ns")
    #expect(message.attributes["kind"] == "response")
    #expect(message.attributes["sha"] == "abc123")
    #expect(message.attributes["templates"] == "SQL")
    #expect(message.attributes["template_SQL"] == "true")
    #expect(message.notes.isEmpty)
    let body = try JSONValue.object(PubSubBatch.batches([message])[0].body)
    let entry = (body["messages"] as? [[String: Any]])?.first
    #expect(Data(base64Encoded: entry?["data"] as? String ?? "") == line)
  }

  @Test func attributeLimitsAreEnforcedWithANote() {
    var pairs: [(String, String)] = [
      (String(repeating: "k", count: 257), "v"), ("long", String(repeating: "é", count: 600)),
    ]
    pairs += (0..<150).map { ("a\($0)", "v") }
    let checked = PubSubMessage.checkAttributes(pairs)
    #expect(checked.attributes.count == PubSubLimits.maxAttributes)
    #expect(checked.attributes.keys.allSatisfy { $0.utf8.count <= 256 })
    #expect(checked.attributes.values.allSatisfy { $0.utf8.count <= 1024 })
    #expect(checked.attributes["long"]?.utf8.count == 1024)
    #expect(checked.attributes["long"]?.allSatisfy { $0 == "é" } == true)
    #expect(checked.attributes["git_llm_note"]?.contains("dropped") == true)
    #expect(checked.notes.count == 3)
  }

  @Test func batchesStayWithinMessageAndByteLimits() throws {
    let small = try (0..<2_500).map { _ in
      let r = record("x")
      return PubSubMessage(record: r, line: try r.jsonLine())
    }
    let batches = PubSubBatch.batches(small)
    #expect(batches.map(\.recordIDs.count) == [1_000, 1_000, 500])
    #expect(batches.flatMap(\.recordIDs) == small.map(\.recordID))
    let big = try (0..<5).map { _ in
      let r = record(String(repeating: "y", count: 3_000_000))
      return PubSubMessage(record: r, line: try r.jsonLine())
    }
    let bigBatches = PubSubBatch.batches(big)
    #expect(bigBatches.count == 3)
    for batch in bigBatches {
      #expect(batch.body.count <= PubSubLimits.maxRequestBytes)
      #expect(
        (try JSONValue.object(batch.body)["messages"] as? [Any])?.count == batch.recordIDs.count)
    }
  }

  @Test func oversizedRecordIsPublishedAsAStubPointingAtTheLocalLog() throws {
    let rec = record(String(repeating: "z", count: 11_000_000), templates: nil)
    let message = PubSubMessage(record: rec, line: try rec.jsonLine())
    #expect(message.data.count < 10_000)
    #expect(message.notes.contains { $0.hasPrefix("data truncated") })
    let stub = try JSONDecoder().decode(TrafficRecord.self, from: message.data)
    #expect(
      stub.id == rec.id && stub.content == nil && stub.error?.contains("local traffic log") == true)
  }
}
