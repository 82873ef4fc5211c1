import Testing

@testable import GitLLM

@Suite struct SummaryLayoutTests {
  let sibling = SummaryLayout(
    kind: .sibling, extensions: [".py", ".swift", ".sh"], ignoredFolders: ["vendor/"])
  let mirror = SummaryLayout(
    kind: .mirror, directory: "docs/summaries/", extensions: [".py", ".md"])

  @Test func siblingKeepsTheWholeSourceName() {
    #expect(sibling.summaryPath(forSource: "a/b.py") == "a/b.py.md")
    #expect(sibling.summaryPath(forSource: "a/b.sh") == "a/b.sh.md")
    #expect(sibling.source(forSummaryPath: "a/b.py.md") == "a/b.py")
  }

  @Test func aHandWrittenMarkdownFileIsNotASummary() {
    // The seed's `b.py` → `b.md` would clobber this file and mix up `b.py` and `b.sh`.
    #expect(sibling.source(forSummaryPath: "a/b.md") == nil)
    #expect(sibling.source(forSummaryPath: "README.md") == nil)
    #expect(sibling.source(forSummaryPath: "a/b.txt.md") == nil)
  }

  @Test func summariesAndIgnoredFoldersAreNeverSources() {
    #expect(sibling.isSource("a/b.py"))
    #expect(sibling.isSource("A/B.PY"))
    #expect(!sibling.isSource("a/b.py.md"))
    #expect(!sibling.isSource("vendor/x.py"))
    #expect(!sibling.isSource("lib/vendor/x.py"))
    #expect(!sibling.isSource(".summaries/a.py"))
    #expect(!sibling.isSource("Makefile"))
    #expect(!sibling.isSource(".py"))
  }

  @Test func mirrorPutsSummariesUnderTheFolder() {
    #expect(mirror.directory == "docs/summaries")
    #expect(mirror.summaryPath(forSource: "a/b.py") == "docs/summaries/a/b.py.md")
    #expect(mirror.source(forSummaryPath: "docs/summaries/a/b.py.md") == "a/b.py")
    #expect(mirror.source(forSummaryPath: "a/b.py.md") == nil)
    // With .md included, README.md is a source and its summary lives under the folder.
    #expect(mirror.isSource("README.md"))
    #expect(!mirror.isSource("docs/summaries/README.md.md"))
  }

  @Test func markdownIncludedInSiblingLayoutDoesNotRecurse() {
    let layout = SummaryLayout(kind: .sibling, extensions: [".md", ".py"])
    #expect(layout.isSource("README.md"))
    #expect(layout.summaryPath(forSource: "README.md") == "README.md.md")
    #expect(!layout.isSource("README.md.md"))
    #expect(!layout.isSource("tool.py.md"))
    #expect(layout.source(forSummaryPath: "README.md.md") == "README.md")
  }

  @Test func settingsChooseTheLayout() throws {
    let settings = try Settings.resolve(flags: [
      "summaries.layout": "mirror", "summaries.dir": "notes", "summaries.include": ".go",
    ])
    let layout = SummaryLayout(settings: settings)
    #expect(layout.kind == .mirror)
    #expect(layout.summaryPath(forSource: "cmd/main.go") == "notes/cmd/main.go.md")
    #expect(!layout.isSource("main.py"))
    let defaults = SummaryLayout(settings: try Settings.resolve())
    #expect(defaults.kind == .sibling)
    #expect(defaults.isSource("x.swift") && defaults.isSource("x.py") && !defaults.isSource("x.md"))
  }
}
