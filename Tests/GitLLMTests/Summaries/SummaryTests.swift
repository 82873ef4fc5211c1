import Foundation
import Testing

@testable import GitLLM

@Suite struct SummaryTests {
  let blob = ObjectID(hex: "4cff230e4e1be007c9a93a73c5b54c5cbb5abaff")!

  @Test func renderedFileRoundTrips() throws {
    let time = Date(timeIntervalSince1970: 1_790_000_000)
    let summary = Summary(
      source: "a/b.py", sourceBlob: blob, model: "gpt-4o-mini", generatedAt: time,
      body: "# b\n\nDoes things.\n")
    let text = summary.rendered()
    #expect(
      text.hasPrefix(
        "---\nsource: a/b.py\nsource-blob: \(blob.hex)\nmodel: gpt-4o-mini\ngenerated-at: 2026-"))
    #expect(text.hasSuffix("---\n\n# b\n\nDoes things.\n"))
    let parsed = try #require(Summary.parse(Data(text.utf8)))
    #expect(
      parsed
        == Summary(
          source: "a/b.py", sourceBlob: blob, model: "gpt-4o-mini", generatedAt: time,
          body: "# b\n\nDoes things."))
  }

  @Test func frontMatterAloneIsEnough() throws {
    let text =
      "---\r\nsource: x.go\r\nsource-blob: \(blob.hex.uppercased())\r\nmodel: outline\r\n---\r\n"
    let matter = try #require(SummaryFrontMatter.parse(Data(text.utf8)))
    #expect(matter.source == "x.go")
    #expect(matter.sourceBlob == blob)
    #expect(matter.model == "outline")
    #expect(matter.generatedAt == nil)
    #expect(Summary.parse(Data(text.utf8))?.isOutline == true)
  }

  @Test func filesWithoutFrontMatterAreUnreadable() {
    #expect(SummaryFrontMatter.parse(Data("# Notes\n".utf8)) == nil)
    #expect(SummaryFrontMatter.parse(Data("---\nsource: a\n".utf8)) == nil)  // never closed
    #expect(Summary.parse(Data("---\nsource: a\nmodel: m\n---\n".utf8)) == nil)  // no blob
    #expect(SummaryFrontMatter.parse(Data("<<<<<<< HEAD\n---\n".utf8)) == nil)
  }

  @Test func conflictMarkersOrRepeatedKeysMakeTheFrontMatterUnreadable() {
    let other = "0123456789012345678901234567890123456789"
    let conflicted =
      "---\nsource: a.py\n<<<<<<< HEAD\nsource-blob: \(other)\n=======\n"
      + "source-blob: \(blob.hex)\n>>>>>>> topic\nmodel: outline\n---\n\nBody.\n"
    #expect(SummaryFrontMatter.parse(Data(conflicted.utf8)) == nil)
    #expect(Summary.parse(Data(conflicted.utf8)) == nil)
    let repeated = "---\nsource: a.py\nsource-blob: \(other)\nsource-blob: \(blob.hex)\n---\n"
    #expect(SummaryFrontMatter.parse(Data(repeated.utf8)) == nil)
  }

  @Test func conflictMarkersInTheBodyAreFoundButAHeadingUnderlineIsNot() {
    let head = "---\nsource: a.py\nsource-blob: \(blob.hex)\nmodel: outline\n---\n\n"
    let underlined = Data((head + "Title\n=======\n\nText.\n").utf8)
    #expect(!SummaryFrontMatter.containsConflictMarkers(underlined))
    #expect(Summary.parse(underlined)?.body == "Title\n=======\n\nText.")
    let conflicted = Data((head + "<<<<<<< HEAD\nOurs.\n=======\nTheirs.\n>>>>>>> topic\n").utf8)
    #expect(SummaryFrontMatter.containsConflictMarkers(conflicted))
    #expect(!SummaryFrontMatter.containsConflictMarkers(Data((head + "a <<<<<<< b\n").utf8)))
  }
}
