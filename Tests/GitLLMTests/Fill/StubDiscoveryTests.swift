import Foundation
import Testing
@testable import GitLLM

@Suite struct StubDiscoveryTests {
  @Test func markersInEachCommentSyntax() {
    #expect(StubMarkers.parse("# llm-stub: Sum primes\n# llm-test: t/test_p.py\n") == StubMarkers(objective: "Sum primes", testPath: "t/test_p.py"))
    #expect(StubMarkers.parse("// llm-stub: Parse dates\nfunc f() {}") == StubMarkers(objective: "Parse dates", testPath: nil))
    #expect(StubMarkers.parse("/* llm-stub: Sort */") == StubMarkers(objective: "Sort", testPath: nil))
    #expect(StubMarkers.parse("-- llm-stub: Query") == StubMarkers(objective: "Query", testPath: nil))
    // Not a comment: code that mentions the tag is no stub.
    #expect(StubMarkers.parse("let tag = \"llm-stub: x\"\n") == nil)
    #expect(StubMarkers.removingMarkers(from: "# llm-stub: x\n# llm-test: y\nkeep\n") == "keep\n")
  }

  @Test func testFilesByDeclarationAndConvention() throws {
    let repo = try TestRepository("discovery")
    try repo.commit("files", files: [
      "pkg/a.py": "# llm-stub: A\n", "pkg/test_a.py": "",
      "pkg/b.py": "# llm-stub: B\n", "tests/test_b.py": "",
      "pkg/c.py": "# llm-stub: C\n# llm-test: checks/c_check.py\n", "pkg/checks/c_check.py": "",
      "Sources/Lib/Parser.swift": "// llm-stub: Parse\n", "Tests/LibTests/ParserTests.swift": "",
      "cmd/tool.go": "// llm-stub: Tool\n", "cmd/tool_test.go": "",
      "web/sum.ts": "// llm-stub: Sum\n", "web/sum.test.ts": "",
      "lonely.py": "# llm-stub: No test\n", "notes.md": "nothing here",
    ])
    let repository = try Repository(path: repo.path)
    let discovery = StubDiscovery(root: repo.path, trackedPaths: try repository.indexEntries().map(\.path))
    #expect(try discovery.stub(at: "pkg/a.py").testPath == "pkg/test_a.py")
    #expect(try discovery.stub(at: "pkg/b.py").testPath == "tests/test_b.py")
    #expect(try discovery.stub(at: "pkg/c.py").testPath == "pkg/checks/c_check.py")
    #expect(try discovery.stub(at: "Sources/Lib/Parser.swift").testPath == "Tests/LibTests/ParserTests.swift")
    #expect(try discovery.stub(at: "cmd/tool.go").testPath == "cmd/tool_test.go")
    #expect(try discovery.stub(at: "web/sum.ts").testPath == "web/sum.test.ts")
    #expect(throws: FillError.self) { try discovery.stub(at: "lonely.py") }
    #expect(throws: FillError.notAStub("notes.md")) { try discovery.stub(at: "notes.md") }
  }

  @Test func selectionAllBaseAndShards() throws {
    let repo = try TestRepository("selection")
    try repo.commit("old", files: ["old.py": "# llm-stub: Old\n", "test_old.py": "", "plain.py": "x = 1\n"])
    try repo.git("checkout", "-q", "-b", "feature")
    try repo.commit("new", files: ["new.py": "# llm-stub: New\n", "test_new.py": "", "plain.py": "x = 2\n"])
    try repo.git("checkout", "-q", "main")
    try repo.commit("main moves on", files: ["later.py": "# llm-stub: Later\n", "test_later.py": ""])
    try repo.git("checkout", "-q", "feature")
    let repository = try Repository(path: repo.path)
    #expect(try StubSelection.all.stubs(in: repository).map(\.path) == ["new.py", "old.py"])
    // Only what the branch changed since it left main, not what main did since.
    #expect(try StubSelection.changedSince("main").stubs(in: repository).map(\.path) == ["new.py"])
    #expect(throws: FillError.self) { try StubSelection.changedSince("nope").stubs(in: repository) }
    let stubs = (1...7).map { Stub(path: "s\($0).py", objective: "", testPath: "t") }
    let shards = try (1...3).map { try Shard(parsing: "\($0)/3").select(stubs.shuffled()).map(\.path) }
    #expect(shards[0] == ["s1.py", "s4.py", "s7.py"])
    #expect(Set(shards.flatMap { $0 }).count == 7)
    #expect(throws: FillError.badShard("4/3")) { try Shard(parsing: "4/3") }
  }
}
