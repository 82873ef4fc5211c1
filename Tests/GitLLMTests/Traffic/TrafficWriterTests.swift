import Foundation
import Testing

@testable import GitLLM

@Suite struct TrafficWriterTests {
  func record(_ namespace: String = "default", content: String = "answer", time: Date = Date())
    -> TrafficRecord
  {
    var record = TrafficRecord(
      time: time, namespace: namespace, kind: .response, provider: "openai", model: "gpt-4o",
      commit: .init(command: "test"))
    record.content = content
    return record
  }

  @Test func recordsGoToOneFilePerNamespaceAndDayAsJSONLines() throws {
    let scratch = try ScratchDirectory("traffic")
    let writer = TrafficWriter(directory: TrafficDirectory(path: scratch("history")))
    let day1 = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
    try writer.append(record("default", content: "a\nb", time: day1))
    try writer.append(record("default", time: day1.addingTimeInterval(86_400)))
    try writer.append(record("team/x y", time: day1))
    writer.sync()
    let files = TrafficDirectory(path: scratch("history")).files()
    #expect(
      files == [
        "default-2026-01-01.jsonl", "team_x_y-2026-01-01.jsonl", "default-2026-01-02.jsonl",
      ])
    let text = try scratch.read("history/default-2026-01-01.jsonl")
    #expect(text.split(separator: "\n").count == 1 && text.hasSuffix("\n"))
    #expect(
      TrafficReader.records(path: scratch("history/default-2026-01-01.jsonl")).first?.content
        == "a\nb")
  }

  @Test func concurrentWritersInManyThreadsNeverInterleave() async throws {
    let scratch = try ScratchDirectory("traffic")
    let directory = TrafficDirectory(path: scratch.path)
    let writers = (0..<4).map { _ in TrafficWriter(directory: directory, syncEvery: 16) }
    let big = String(repeating: "x", count: 70_000)  // larger than a pipe buffer or a page
    try await withThrowingTaskGroup(of: Void.self) { group in
      for (n, writer) in writers.enumerated() {
        group.addTask {
          for i in 0..<50 {
            try writer.append(self.record(content: "\(n)-\(i)-" + (i % 5 == 0 ? big : "")))
          }
          writer.sync()
        }
      }
      try await group.waitForAll()
    }
    let path = "\(scratch.path)/\(directory.files()[0])"
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 200)
    let decoded = TrafficReader.records(path: path)
    #expect(decoded.count == 200)
    #expect(
      Set(decoded.compactMap { $0.content?.split(separator: "-").prefix(2).joined(separator: "-") })
        .count == 200)
  }

  @Test func aTornTailIsCutBeforeTheNextAppend() throws {
    let scratch = try ScratchDirectory("traffic")
    let directory = TrafficDirectory(path: scratch.path)
    let first = record(content: "whole")
    try TrafficWriter(directory: directory).append(first)
    let path = directory.file(namespace: "default", day: first.day)
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(#"{"id":"torn","tim"#.utf8))  // a writer killed mid-line
    try handle.close()
    #expect(TrafficReader.lines(path: path).count == 1)
    try TrafficWriter(directory: directory).append(record(content: "next"))
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(!text.contains("torn"))
    #expect(TrafficReader.records(path: path).map(\.content) == ["whole", "next"])
  }

  @Test func outboxCursorIsAtomicAndPendingStartsPastIt() throws {
    let scratch = try ScratchDirectory("traffic")
    let directory = TrafficDirectory(path: scratch.path)
    let writer = TrafficWriter(directory: directory)
    for i in 0..<3 { try writer.append(record(content: "r\(i)")) }
    let outbox = TrafficOutbox(directory: directory)
    let pending = outbox.pending()
    #expect(pending.count == 3)
    try outbox.saveCursor([pending[1].file: pending[1].end])
    #expect(
      outbox.pending().map { String(decoding: $0.message?.data ?? Data(), as: UTF8.self).contains("\"r2\"") }
        == [true])
    #expect(!FileManager.default.fileExists(atPath: directory.cursorPath + ".\(getpid()).tmp"))
  }
}
