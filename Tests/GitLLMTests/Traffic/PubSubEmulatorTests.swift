import Foundation
import Testing

@testable import GitLLM

/// Publishing against Google's real Pub/Sub emulator.
@Suite(.serialized) struct PubSubEmulatorTests {
  func settings(log: String, topic: String, host: String) throws -> Settings {
    try Settings.resolve(flags: [
      "log.dir": log, "pubsub.project": "test-project", "pubsub.topic": topic,
      "pubsub.emulatorHost": host,
    ])
  }

  func writeRecords(_ count: Int, to path: String, content: (Int) -> String = { "answer \($0)" })
    throws -> [String]
  {
    let writer = TrafficWriter(directory: TrafficDirectory(path: path), syncEvery: 256)
    var ids: [String] = []
    for i in 0..<count {
      var record = TrafficRecord(
        namespace: i % 2 == 0 ? "default" : "memory", kind: .response, provider: "openai",
        model: "gpt-4o-mini",
        commit: .init(sha: "0123456789abcdef0123456789abcdef01234567", command: "test"))
      record.content = content(i)
      let templates = TrafficRecord.templates(in: record.content ?? "")
      record.templates = templates.isEmpty ? nil : templates
      try writer.append(record)
      ids.append(record.id)
    }
    writer.sync()
    return ids
  }

  @Test func pendingRecordsArePublishedOnceWithFilterAttributes() async throws {
    let emulator = try PubSubEmulator.instance()
    let topic = try await emulator.makeTopic()
    let scratch = try ScratchDirectory("pubsub")
    let ids = try writeRecords(3, to: scratch.path) {
      $0 == 1 ? "Here:\nSQL: SELECT 1;\nEMAIL: ops@x" : "plain \($0)"
    }
    let settings = try settings(log: scratch.path, topic: topic, host: emulator.host)
    let result = await TrafficLog.flush(settings: settings, timeout: .seconds(30))
    #expect(result == FlushResult(published: 3, requests: 1, pending: 0, failure: nil))
    let again = await TrafficLog.flush(settings: settings, timeout: .seconds(30))
    #expect(again.published == 0 && again.pending == 0)
    let received = try await emulator.pull(topic: topic, atLeast: 3)
    #expect(received.count == 3)
    let records = try received.map { try JSONDecoder().decode(TrafficRecord.self, from: $0.data) }
    #expect(Set(records.map(\.id)) == Set(ids))
    let sql = try #require(received.first { $0.attributes["templates"] != nil })
    #expect(sql.attributes["templates"] == "SQL,EMAIL")
    #expect(sql.attributes["template_SQL"] == "true")
    #expect(sql.attributes["kind"] == "response" && sql.attributes["sha"]?.count == 40)
    #expect(sql.attributes["record_id"].map { ids.contains($0) } == true)
  }

  @Test func emulatorDownForACommandThenUpDeliversEverything() async throws {
    let emulator = try PubSubEmulator.instance()
    let topic = try await emulator.makeTopic()
    let scratch = try ScratchDirectory("pubsub")
    let ids = try writeRecords(25, to: scratch.path)
    let down = try settings(
      log: scratch.path, topic: topic, host: "127.0.0.1:\(try LoopbackHTTPServer.unusedPort())")
    let failed = await TrafficLog.flushPending(settings: down, repository: nil)
    #expect(failed.published == 0 && failed.pending == 25)
    #expect(failed.failure != nil)
    let up = await TrafficLog.flush(
      settings: try settings(log: scratch.path, topic: topic, host: emulator.host),
      timeout: .seconds(30))
    #expect(up.published == 25 && up.pending == 0 && up.failure == nil)
    let received = try await emulator.pull(topic: topic, atLeast: 25)
    let delivered = Set(
      try received.map { try JSONDecoder().decode(TrafficRecord.self, from: $0.data).id })
    #expect(delivered.count == ids.count && delivered == Set(ids))
  }

  @Test func linesThatAreNotRecordsAreSkippedOnceAndNothingStaysPending() async throws {
    let emulator = try PubSubEmulator.instance()
    let topic = try await emulator.makeTopic()
    let scratch = try ScratchDirectory("pubsub")
    let directory = TrafficDirectory(path: scratch.path)
    var ids = try writeRecords(2, to: scratch.path)
    let files = directory.files()
    let name = try #require(files.first { $0.hasPrefix("default") })
    // Junk between records and at the very end of a file, as a hand edit would leave it.
    func append(_ text: String) throws {
      let handle = try #require(FileHandle(forWritingAtPath: "\(scratch.path)/\(name)"))
      try handle.seekToEnd()
      try handle.write(contentsOf: Data(text.utf8))
      try handle.close()
    }
    func size() throws -> Int {
      try FileManager.default.attributesOfItem(atPath: "\(scratch.path)/\(name)")[.size] as? Int ?? -1
    }
    let junkAt = try size()
    try append("this is not json\n")
    ids += try writeRecords(1, to: scratch.path)
    let trailingAt = try size()
    try append("{\"half\": \n")
    let settings = try settings(log: scratch.path, topic: topic, host: emulator.host)
    let outbox = TrafficOutbox(directory: directory)
    #expect(outbox.pendingCount() == 5)
    let result = await TrafficLog.flush(settings: settings, timeout: .seconds(30))
    #expect(result.published == 3 && result.failure == nil)
    #expect(result.pending == 0)
    #expect(result.skipped == ["\(name) at byte \(junkAt)", "\(name) at byte \(trailingAt)"])
    #expect(TrafficStats.compute(directory: directory).pending == 0)
    let again = await TrafficLog.flush(settings: settings, timeout: .seconds(30))
    #expect(again == FlushResult(published: 0, requests: 0, pending: 0, failure: nil))
    // A file holding nothing but junk is moved past too, without a publish request.
    try scratch.write("junk-2026-01-01.jsonl", "nope\nstill nope\n")
    let junkOnly = await TrafficLog.flush(settings: settings, timeout: .seconds(30))
    #expect(junkOnly.requests == 0 && junkOnly.pending == 0)
    #expect(junkOnly.skipped == ["junk-2026-01-01.jsonl at byte 0", "junk-2026-01-01.jsonl at byte 5"])
    // `log flush` names the skipped line on standard error, once.
    try scratch.write("junk-2026-01-02.jsonl", "garbage\n")
    let cli = [
      "MESSAGE_HISTORY": scratch.path, "GOOGLE_CLOUD_PROJECT": "test-project", "PUBSUB_TOPIC": topic,
      "PUBSUB_EMULATOR_HOST": emulator.host,
    ]
    let flushed = try gitLLM(["log", "flush"], in: scratch.path, environment: cli)
    #expect(flushed.status == 0, "\(flushed)")
    #expect(flushed.stderr.contains("skipped a line that is not a record: junk-2026-01-02.jsonl at byte 0"))
    #expect(flushed.stdout.contains("0 pending"))
    let quiet = try gitLLM(["log", "flush"], in: scratch.path, environment: cli)
    #expect(quiet.status == 0 && !quiet.stderr.contains("skipped"), "\(quiet)")
    let received = try await emulator.pull(topic: topic, atLeast: 3)
    let delivered = try received.map { try JSONDecoder().decode(TrafficRecord.self, from: $0.data).id }
    #expect(Set(delivered) == Set(ids))
  }

  @Test func manyRecordsGoInBatchesOfAtMostAThousand() async throws {
    let emulator = try PubSubEmulator.instance()
    let topic = try await emulator.makeTopic()
    let scratch = try ScratchDirectory("pubsub")
    let ids = try writeRecords(2_300, to: scratch.path)
    let result = await TrafficLog.flush(
      settings: try settings(log: scratch.path, topic: topic, host: emulator.host),
      timeout: .seconds(60))
    #expect(result.published == 2_300 && result.requests == 3)
    let received = try await emulator.pull(topic: topic, atLeast: 2_300)
    let delivered = Set(
      try received.map { try JSONDecoder().decode(TrafficRecord.self, from: $0.data).id })
    #expect(delivered.count == ids.count && delivered == Set(ids))
  }

  @Test func aPlantedSecretNeverReachesTheHistoryOrTheTopic() async throws {
    let emulator = try PubSubEmulator.instance()
    let topic = try await emulator.makeTopic()
    let scratch = try ScratchDirectory("pubsub")
    let planted = "sk-proj-PLANTEDsecretVALUE0123456789"
    let server = try LoopbackHTTPServer(replies: [
      .json(
        #"{"model":"gpt-4o-mini","choices":[{"message":{"role":"assistant","content":"I saw sk-proj-PLANTEDsecretVALUE0123456789 and test-key-openai-0123456789"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":5}}"#
      )
    ])
    for redactPrompts in [false, true] {
      let settings = try LLMFixtures.settings(
        provider: "openai", baseURL: server.url("/v1"), logDirectory: scratch.path,
        extra: [
          "pubsub.project": "test-project", "pubsub.topic": topic,
          "pubsub.emulatorHost": emulator.host,
          "log.redactPrompts": redactPrompts ? "true" : "false",
        ])
      let provider = try ChatProviders.make(
        settings: settings, repository: nil,
        context: CallContext(namespace: "secrets", command: "ask"))
      _ = try await provider.complete(
        ChatRequest(
          model: "",
          messages: [.user("my key: \(planted), and Authorization: Bearer abcdefghijklmnopqrstu")]))
      let sent = try #require(server.requests.last).text
      #expect(sent.contains(planted) == !redactPrompts)
    }
    let result = await TrafficLog.flushPending(
      settings: try LLMFixtures.settings(
        provider: "openai", baseURL: server.url("/v1"), logDirectory: scratch.path,
        extra: [
          "pubsub.project": "test-project", "pubsub.topic": topic,
          "pubsub.emulatorHost": emulator.host,
        ]), repository: nil)
    #expect(result.published == 4)
    var history = ""
    for name in TrafficDirectory(path: scratch.path).files() { history += try scratch.read(name) }
    #expect(history.split(separator: "\n").count == 4)
    #expect(history.contains("[REDACTED]"))
    for secret in [planted, "test-key-openai-0123456789", "abcdefghijklmnopqrstu"] {
      #expect(!history.contains(secret))
    }
    let received = try await emulator.pull(topic: topic, atLeast: 4)
    #expect(received.count == 4)
    for message in received {
      let text = String(decoding: message.data, as: UTF8.self)
      #expect(!text.contains(planted) && !text.contains("test-key-openai-0123456789"))
    }
  }

  @Test func killedWhilePublishingThenFlushedAgainDeliversEveryRecord() async throws {
    let emulator = try PubSubEmulator.instance()
    let topic = try await emulator.makeTopic()
    let scratch = try ScratchDirectory("pubsub")
    let ids = try writeRecords(8_000, to: scratch("history")) {
      "answer \($0) " + String(repeating: "x", count: 400)
    }
    var env = Subprocess.hermeticEnvironment
    env["MESSAGE_HISTORY"] = scratch("history")
    env["GOOGLE_CLOUD_PROJECT"] = "test-project"
    env["PUBSUB_TOPIC"] = topic
    env["PUBSUB_EMULATOR_HOST"] = emulator.host
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Subprocess.gitLLMBinary)
    process.arguments = ["log", "flush"]
    process.currentDirectoryURL = URL(fileURLWithPath: scratch.path)
    process.environment = env
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Kill it after the first acknowledged batch, while later ones are in flight.
    let cursor = scratch("history/.cursor.json")
    let clock = ContinuousClock()
    let start = clock.now
    while !FileManager.default.fileExists(atPath: cursor), process.isRunning,
      clock.now - start < .seconds(30)
    {
      try await Task.sleep(for: .milliseconds(2))
    }
    let killedMidway = process.isRunning
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(killedMidway, "the flush finished before it could be killed")
    let acknowledged = TrafficOutbox(directory: TrafficDirectory(path: scratch("history")))
      .pendingCount()
    #expect(acknowledged < 8_000)
    let again = try gitLLM(
      ["log", "flush"], in: scratch.path,
      environment: [
        "MESSAGE_HISTORY": scratch("history"), "GOOGLE_CLOUD_PROJECT": "test-project",
        "PUBSUB_TOPIC": topic,
        "PUBSUB_EMULATOR_HOST": emulator.host,
      ])
    #expect(again.status == 0, "\(again)")
    let received = try await emulator.pull(topic: topic, atLeast: 8_000, drain: true)
    let delivered = Set(
      try received.map { try JSONDecoder().decode(TrafficRecord.self, from: $0.data).id })
    // At least once: duplicates allowed, none missing.
    let missing = Set(ids).subtracting(delivered)
    #expect(
      missing.isEmpty,
      "\(missing.count) of \(ids.count) records missing; \(received.count) messages pulled")
    for name in TrafficDirectory(path: scratch("history")).files() {
      let path = scratch("history/\(name)")
      let lines = try String(contentsOfFile: path, encoding: .utf8).split(
        separator: "\n", omittingEmptySubsequences: false)
      #expect(lines.last == "")
      #expect(TrafficReader.records(path: path).count == lines.count - 1)
    }
  }
}
