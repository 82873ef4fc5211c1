import Testing
@testable import GitLLM

@Suite struct ChunkerTests {
  let chunker = Chunker()

  @Test func pythonSplitsAtTopLevelDefsWithDecorators() {
    let text = """
      import os
      import sys

      @cache
      def load(path):
          return open(path).read()


      class Store:
          def get(self, key):
              return key

          def put(self, key, value):
              pass
      """
    let chunks = chunker.chunks(path: "a/store.py", text: text)
    #expect(chunks.count == 2)
    // The two-line import block is shorter than minChunkLines, so it joins the decorated def.
    #expect(chunks[0].startLine == 1 && chunks[0].endLine == 6)
    #expect(chunks[0].text.hasSuffix("return open(path).read()"))
    #expect(chunks[1].startLine == 9 && chunks[1].endLine == 14)
    #expect(chunks[1].text.hasPrefix("class Store:"))
    #expect(chunks.allSatisfy { $0.path == "a/store.py" })
  }

  @Test func swiftKeepsDocCommentsAndAttributesWithTheDeclaration() {
    let body = (1...8).map { "  let v\($0) = \($0)" }.joined(separator: "\n")
    let text = """
      import Foundation

      /// Parses a response.
      @available(macOS 14, *)
      public func parseHTTPResponse() {
      \(body)
      }

      // MARK: - Store
      final class Store {
      \(body)
      }
      """
    let chunks = chunker.chunks(path: "Sources/Parse.swift", text: text)
    #expect(chunks.map(\.startLine) == [1, 16])
    #expect(chunks[0].text.contains("/// Parses a response.\n@available(macOS 14, *)\npublic func"))
    #expect(chunks[1].text.hasPrefix("// MARK: - Store\nfinal class Store {"))
    #expect(chunks[1].endLine == 26)
  }

  @Test func goRustAndTypeScriptDeclarations() {
    let filler = (1...6).map { "    x\($0)()" }.joined(separator: "\n")
    let go = "package main\n\nfunc A() {\n\(filler)\n}\n\ntype B struct {\n\(filler)\n}\n"
    #expect(chunker.chunks(path: "m.go", text: go).map(\.startLine) == [1, 12])
    let rust = "/// Doc\n#[derive(Debug)]\npub(crate) struct S {\n\(filler)\n}\n\nimpl S {\n\(filler)\n}\n"
    #expect(chunker.chunks(path: "s.rs", text: rust).map(\.startLine) == [1, 12])
    let ts = "export default async function f() {\n\(filler)\n}\n/** doc */\nexport interface I {\n\(filler)\n}\n"
    #expect(chunker.chunks(path: "x.ts", text: ts).map(\.startLine) == [1, 9])
  }

  @Test func cFunctionsButNotPrototypesOrPreprocessorLines() {
    let filler = (1...6).map { "  call\($0)();" }.joined(separator: "\n")
    let c = "#include <stdio.h>\nint helper(int x);\n\nstatic int helper(int x)\n{\n\(filler)\n}\n\nint main(void) {\n\(filler)\n}\n"
    #expect(chunker.chunks(path: "main.c", text: c).map(\.startLine) == [1, 14])
  }

  @Test func markdownSplitsByHeadingsButNotInsideFences() {
    let para = (1...6).map { "line \($0)" }.joined(separator: "\n")
    let md = "# Title\n\(para)\n\n```sh\n# not a heading\n```\n## Usage\n\(para)\n"
    let chunks = chunker.chunks(path: "README.md", text: md)
    #expect(chunks.map(\.startLine) == [1, 12])
    #expect(chunks[1].text.hasPrefix("## Usage"))
  }

  @Test func plainTextUsesOverlappingWindows() {
    let text = (1...130).map { "row \($0)" }.joined(separator: "\n")
    let chunks = chunker.chunks(path: "notes.txt", text: text)
    #expect(chunks.map(\.startLine) == [1, 51, 101])
    #expect(chunks.map(\.endLine) == [60, 110, 130])
    #expect(chunks[1].text.hasPrefix("row 51\n"))
  }

  @Test func longDeclarationsAreWindowedAndLinesStayAccurate() {
    let body = (1...150).map { "    step\($0)()" }.joined(separator: "\n")
    let text = "def small():\n" + (1...6).map { "    a\($0)()" }.joined(separator: "\n") + "\n\ndef big():\n\(body)\n"
    let chunks = chunker.chunks(path: "big.py", text: text)
    #expect(chunks.first?.startLine == 1 && chunks.first?.endLine == 7)
    let big = chunks.dropFirst()
    #expect(big.map(\.startLine) == [9, 59, 109])
    #expect(big.last?.endLine == 159)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for chunk in chunks {
      #expect(chunk.text == lines[(chunk.startLine - 1)...(chunk.endLine - 1)].joined(separator: "\n"))
    }
  }

  @Test func crlfAndEmptyInput() {
    #expect(chunker.chunks(path: "e.py", text: "").isEmpty)
    #expect(chunker.chunks(path: "e.py", text: "\n\n  \n").isEmpty)
    let chunks = chunker.chunks(path: "w.py", text: "def a():\r\n    pass\r\n")
    #expect(chunks.count == 1 && chunks[0].endLine == 2)
  }

  @Test func languageFromExtension() {
    #expect(SourceLanguage(path: "a/b/C.SWIFT") == .swift)
    #expect(SourceLanguage(path: "x.tsx") == .typescript)
    #expect(SourceLanguage(path: ".bashrc") == .text)
    #expect(SourceLanguage(path: "Makefile") == .text)
    #expect(SourceLanguage(path: "docs/guide.md") == .markdown)
  }
}
