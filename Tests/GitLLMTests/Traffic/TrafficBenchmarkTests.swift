import Foundation
import Testing

@testable import GitLLM

/// ci/bench-traffic: records per second to disk (batched fsync against fsync per record),
/// redaction cost, and 10k records to the Pub/Sub emulator. Runs only with GITLLM_BENCH=1.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["GITLLM_BENCH"] == "1"))
struct TrafficBenchmarkTests {
  static let prompt = String(
    repeating: "func value(at index: Int) -> Int { storage[index] } // code under review\n",
    count: 28)

  func records(_ count: Int) -> [TrafficRecord] {
    (0..<count).map { i in
      var record = TrafficRecord(
        namespace: "bench", kind: i % 2 == 0 ? .request : .response, provider: "openai",
        model: "gpt-4o-mini",
        commit: .init(
          repo: "bench", branch: "main", sha: String(repeating: "c", count: 40), command: "bench"))
      if i % 2 == 0 {
        record.messages = [.system("Summarise."), .user(Self.prompt)]
      } else {
        record.content = "SQL: SELECT \(i);"
      }
      return record
    }
  }

  func report(_ line: String) { print("bench-traffic: \(line)") }

  @Test func diskThroughput() throws {
    let batch = records(10_000)
    let redactor = Redactor(secrets: ["test-key-0123456789"])
    var rates: [String: Double] = [:]
    for (label, syncEvery, count) in [
      ("fsync every 64 records", 64, 10_000), ("fsync every record (baseline)", 1, 1_000),
    ] {
      let scratch = try ScratchDirectory("bench")
      let writer = TrafficWriter(
        directory: TrafficDirectory(path: scratch.path), syncEvery: syncEvery)
      let elapsed = try ContinuousClock().measure {
        for record in batch.prefix(count) { try writer.append(record.redacted(by: redactor)) }
        writer.sync()
      }
      let rate = Double(count) / max(elapsed.seconds, 1e-9)
      rates[label] = rate
      report(
        "| disk, \(label), redacted | \(count) records | \(String(format: "%.0f", rate)) records/s |"
      )
    }
    let redaction = ContinuousClock().measure {
      for record in batch.prefix(2_000) { _ = record.redacted(by: redactor) }
    }
    report(
      "| redaction of a 2 KB prompt | 2000 records | \(String(format: "%.0f", 2_000 / max(redaction.seconds, 1e-9))) records/s |"
    )
    #expect((rates["fsync every 64 records"] ?? 0) > (rates["fsync every record (baseline)"] ?? 0))
  }

  @Test func publishTenThousandRecordsToTheEmulator() async throws {
    let emulator = try PubSubEmulator.instance()
    let topic = try await emulator.makeTopic()
    let scratch = try ScratchDirectory("bench")
    let writer = TrafficWriter(directory: TrafficDirectory(path: scratch.path), syncEvery: 256)
    for record in records(10_000) { try writer.append(record) }
    writer.sync()
    let settings = try Settings.resolve(flags: [
      "log.dir": scratch.path, "pubsub.project": "test-project", "pubsub.topic": topic,
      "pubsub.emulatorHost": emulator.host,
    ])
    let clock = ContinuousClock()
    let start = clock.now
    let result = await TrafficLog.flush(settings: settings, timeout: .seconds(300))
    let elapsed = clock.now - start
    report(
      "| publish to the emulator | \(result.published) records, \(result.requests) requests | \(String(format: "%.2f", elapsed.seconds)) s (\(String(format: "%.0f", Double(result.published) / max(elapsed.seconds, 1e-9))) records/s) |"
    )
    #expect(result.published == 10_000 && result.requests == 10)
  }
}

extension Duration {
  var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
