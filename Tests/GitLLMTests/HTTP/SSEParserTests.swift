import Foundation
import Testing
@testable import GitLLM

@Suite struct SSEParserTests {
  static let sample = Data((
    "\u{FEFF}: a comment\r\n"
      + "event: delta\r\n"
      + "id: 1\r\n"
      + "data: {\"text\":\"héllo wörld 🎉\"}\r\n\r\n"
      + "data: first line\n"
      + "data:second line\n"
      + "data\n"
      + "retry: 1500\n\n"
      + "event: ping\r\r"
      + "id: 2\r"
      + "data: 日本語のテキスト\r\r"
      + ":keepalive\n\n"
      + "data: [DONE]\n\n"
  ).utf8)

  static let expected = [
    SSEEvent(event: "delta", data: "{\"text\":\"héllo wörld 🎉\"}", id: "1"),
    SSEEvent(data: "first line\nsecond line\n", id: "1"),
    SSEEvent(data: "日本語のテキスト", id: "2"),
    SSEEvent(data: "[DONE]", id: "2"),
  ]

  private func parse(_ pieces: [Data]) -> [SSEEvent] {
    var parser = SSEParser()
    var events = pieces.flatMap { parser.feed($0) }
    events += parser.finish()
    return events
  }

  @Test func parsesFieldsCommentsAndLineEndings() {
    var parser = SSEParser()
    #expect(parser.feed(Self.sample) == Self.expected)
    #expect(parser.finish().isEmpty)
    #expect(parser.retry == 1500)
  }

  @Test func everySingleSplitGivesTheSameEvents() {
    let bytes = [UInt8](Self.sample)
    for cut in 0...bytes.count {
      let events = parse([Data(bytes[..<cut]), Data(bytes[cut...])])
      #expect(events == Self.expected, "split at byte \(cut)")
    }
  }

  @Test func byteByByteAndRandomPiecesGiveTheSameEvents() {
    let bytes = [UInt8](Self.sample)
    #expect(parse(bytes.map { Data([$0]) }) == Self.expected)
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<200 {
      var pieces: [Data] = []
      var start = 0
      while start < bytes.count {
        let end = min(bytes.count, start + Int.random(in: 1...7, using: &generator))
        pieces.append(Data(bytes[start..<end]))
        start = end
      }
      #expect(parse(pieces) == Self.expected)
    }
  }

  @Test func carriageReturnAtTheEndOfAPieceThenLineFeed() {
    var parser = SSEParser()
    #expect(parser.feed(Data("data: a\r".utf8)).isEmpty)
    // The \n completes the \r\n pair: it must not count as a blank line.
    #expect(parser.feed(Data("\n".utf8)).isEmpty)
    #expect(parser.feed(Data("data: b\r".utf8)).isEmpty)
    #expect(parser.feed(Data("\r".utf8)) == [SSEEvent(data: "a\nb")])
  }

  @Test func eventWithoutDataIsNotDispatchedAndTypeResets() {
    var parser = SSEParser()
    #expect(parser.feed(Data("event: lonely\n\ndata: x\n\n".utf8)) == [SSEEvent(data: "x")])
  }

  @Test func finishDispatchesAnUnterminatedLastEvent() {
    var parser = SSEParser()
    #expect(parser.feed(Data("data: tail".utf8)).isEmpty)
    #expect(parser.finish() == [SSEEvent(data: "tail")])
  }

  @Test func streamedThroughCurlFromTheLoopbackServer() async throws {
    let bytes = [UInt8](Self.sample)
    let pieces = stride(from: 0, to: bytes.count, by: 5).map { Data(bytes[$0..<min($0 + 5, bytes.count)]) }
    let server = try LoopbackHTTPServer { _ in
      .pieces(status: 200, headers: [HTTPHeader("Content-Type", "text/event-stream")], pieces: pieces,
              delay: .milliseconds(2), chunked: true)
    }
    let parser = LoopbackHTTPServer.Locked(SSEParser())
    let events = LoopbackHTTPServer.Locked<[SSEEvent]>([])
    _ = try await CurlHTTPClient().send(HTTPRequest(url: server.url("/events"))) { chunk in
      let new = parser.withLock { $0.feed(chunk) }
      events.withLock { $0 += new }
    }
    let tail = parser.withLock { $0.finish() }
    #expect(events.withLock { $0 } + tail == Self.expected)
  }
}
