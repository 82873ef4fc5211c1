import Foundation
import Testing

@testable import GitLLM

@Suite struct SummaryPlannerTests {
  let layout = SummaryLayout(kind: .sibling, extensions: [".py", ".go"])

  func planner(_ repo: TestRepository, model: Bool = false, force: Bool = false) throws
    -> SummaryPlanner
  {
    SummaryPlanner(
      repository: try repo.open(), layout: layout, modelConfigured: model, force: force)
  }

  func summary(_ source: String, blob: String, model: String = "outline") -> String {
    Summary(source: source, sourceBlob: ObjectID(hex: blob)!, model: model, body: "x").rendered()
  }

  @Test func missingAndChangedSummariesAreStaleFreshOnesAreNot() throws {
    let repo = try TestRepository()
    try repo.commit("base", files: ["a.py": "a = 1\n", "b.py": "b = 1\n", "notes.txt": "n\n"])
    try repo.write("a.py.md", summary("a.py", blob: try repo.git("rev-parse", ":a.py")))
    try repo.write("a.py", "a = 2\n")
    try repo.write("b.py", "b = 2\n")
    try repo.write("c.go", "package c\n")
    try repo.write("notes.txt", "changed\n")
    try repo.git("add", "a.py", "b.py", "c.go", "notes.txt")
    try repo.write("b.py.md", summary("b.py", blob: try repo.git("rev-parse", ":b.py")))
    try repo.git("add", "b.py.md")
    let plan = try planner(repo).plan(.staged)
    #expect(plan.checked == 3)
    #expect(plan.stale.map(\.source) == ["a.py", "c.go"])
    #expect(plan.stale.map(\.reason) == [.sourceChanged, .missing])
    #expect(plan.stale.first?.blob.hex == (try repo.git("rev-parse", ":a.py")))
    #expect(plan.stale.last?.summaryPath == "c.go.md")
    #expect(plan.moves.isEmpty && plan.removals.isEmpty && plan.restage.isEmpty)
  }

  @Test func theStagedSummaryWinsOverTheWorkTreeAndAFreshWorkTreeCopyIsOnlyRestaged() throws {
    let repo = try TestRepository()
    try repo.commit("base", files: ["a.py": "a = 1\n"])
    let old = try repo.git("rev-parse", ":a.py")
    try repo.write("a.py.md", summary("a.py", blob: old))
    try repo.git("add", "a.py.md")
    try repo.write("a.py", "a = 2\n")
    try repo.git("add", "a.py")
    // Staged summary describes the old blob; the work-tree copy is fresh.
    try repo.write("a.py.md", summary("a.py", blob: try repo.git("rev-parse", ":a.py")))
    let plan = try planner(repo).plan(.staged)
    #expect(plan.stale.isEmpty)
    #expect(plan.restage == ["a.py.md"])
  }

  @Test func outlinesAreStaleOnlyWhenAModelIsConfigured() throws {
    let repo = try TestRepository()
    try repo.write("a.py", "a = 1\n")
    try repo.git("add", "a.py")
    try repo.write("a.py.md", summary("a.py", blob: try repo.git("rev-parse", ":a.py")))
    try repo.git("add", "a.py.md")
    #expect(try planner(repo).plan(.staged).isEmpty)
    #expect(try planner(repo, model: true).plan(.staged).stale.map(\.reason) == [.outline])
    #expect(try planner(repo, force: true).plan(.staged).stale.map(\.reason) == [.forced])
  }

  @Test func unreadableSummariesAreStale() throws {
    let repo = try TestRepository()
    try repo.write("a.py", "a = 1\n")
    try repo.write("a.py.md", "<<<<<<< ours\n")
    try repo.git("add", "-A")
    #expect(try planner(repo).plan(.staged).stale.map(\.reason) == [.unreadable])
  }

  @Test func deletedSourcesTakeTheirSummariesAndRenamesMoveThem() throws {
    let repo = try TestRepository()
    let body = (1...30).map { "line_\($0) = \($0)\n" }.joined()
    let other = (1...30).map { "other_\($0) = \($0)\n" }.joined()
    try repo.commit("base", files: ["gone.py": "x = 1\n", "old.py": body, "edit.py": other])
    for name in ["gone.py", "old.py", "edit.py"] {
      try repo.write(name + ".md", summary(name, blob: try repo.git("rev-parse", ":\(name)")))
    }
    try repo.commit("summaries")
    try repo.git("rm", "-q", "gone.py")
    try repo.git("mv", "old.py", "new.py")
    try repo.git("mv", "edit.py", "edited.py")
    try repo.write("edited.py", other + "extra = 1\n")
    try repo.git("add", "edited.py")
    let plan = try planner(repo).plan(.staged)
    #expect(plan.removals.sorted() == ["edit.py.md", "gone.py.md"])
    #expect(plan.moves.map(\.from) == ["old.py.md"])
    #expect(plan.moves.map(\.to) == ["new.py.md"])
    #expect(plan.moves.first?.summary.source == "new.py")
    #expect(plan.stale.map(\.source) == ["edited.py"])
  }

  @Test func allAndPathScopesReadTheWholeIndex() throws {
    let repo = try TestRepository()
    try repo.commit(
      "base", files: ["src/a.py": "a\n", "src/b.go": "b\n", "lib/c.py": "c\n", "README.md": "r\n"])
    #expect(
      try planner(repo).plan(.all).stale.map(\.source) == ["lib/c.py", "src/a.py", "src/b.go"])
    #expect(try planner(repo).plan(.paths(["src/", "./lib/c.py"])).stale.count == 3)
    #expect(
      try planner(repo).plan(.paths(["src"])).stale.map(\.source) == ["src/a.py", "src/b.go"])
    #expect(try planner(repo).plan(.staged).isEmpty)
  }
}
