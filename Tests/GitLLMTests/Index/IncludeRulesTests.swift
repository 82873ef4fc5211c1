import Testing
@testable import GitLLM

@Suite struct IncludeRulesTests {
  @Test func extensionsAndIgnoredFolders() {
    let rules = IncludeRules(extensions: ["py", " .MD "], ignore: ["vendor", "./docs/build/"])
    #expect(rules.extensions == [".md", ".py"])
    #expect(rules.ignore == ["docs/build/", "vendor/"])
    #expect(rules.includes(path: "a/b.py"))
    #expect(rules.includes(path: "README.MD"))
    #expect(!rules.includes(path: "a/b.swift"))
    #expect(!rules.includes(path: "x/vendor/lib.py"))
    #expect(!rules.includes(path: "docs/build/page.md"))
    #expect(rules.includes(path: "src/docs/build/page.md"))
    #expect(rules.includes(path: "vendor.py"))
  }

  @Test func fingerprintChangesWithTheRules() {
    #expect(IncludeRules().fingerprint == IncludeRules(extensions: IncludeRules.defaultExtensions.reversed()).fingerprint)
    #expect(IncludeRules().fingerprint != IncludeRules(maxFileBytes: 10).fingerprint)
  }

  @Test func classifiesBinaryLFSLargeAndInvalidUTF8() {
    #expect(BlobContent.classify(Array("hi\n".utf8), maxBytes: 10) == .text("hi\n"))
    #expect(BlobContent.classify([104, 0, 105], maxBytes: 10) == .binary)
    #expect(BlobContent.classify(Array(repeating: 65, count: 11), maxBytes: 10) == .tooLarge)
    let pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n"
    #expect(BlobContent.classify(Array(pointer.utf8), maxBytes: 1000) == .lfsPointer)
    #expect(BlobContent.classify([0x61, 0xff, 0x62], maxBytes: 10) == .text("a\u{FFFD}b"))
  }
}
