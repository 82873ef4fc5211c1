import ArgumentParser
import Foundation
import GitLLM

extension GitLLMCommand {
  struct Summarize: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Write the Markdown summaries of source files (what the pre-commit hook keeps fresh).",
      discussion: """
        Only stale summaries are regenerated: missing, made for another blob of the source, or an \
        outline while a model is configured; --force regenerates them all (--all --force redoes \
        every summary). Summaries describe the staged content of each source. With --staged the \
        summaries are staged too, as the hook does; otherwise `git add` them. A summary whose \
        file has unstaged edits is never written over or deleted. Symlinks, intent-to-add \
        entries, binary files, Git LFS pointers and files over index.maxFileBytes get no summary. \
        Exit 1 when a summary could not be generated or was kept for its edits; exit 2 for a PATH \
        that is not a tracked source or a folder holding one.
        """)

    @OptionGroup var options: RepositoryOptions
    @Argument(help: "Sources or folders to summarise (default: every tracked source).")
    var paths: [String] = []
    @Flag(help: "Only the sources staged for the next commit; stage their summaries.") var staged =
      false
    @Flag(help: "Every tracked source (the default without PATH).") var all = false
    @Flag(help: "Regenerate even fresh summaries.") var force = false
    @Flag(help: "Print JSON for scripts.") var json = false

    func validate() throws {
      if staged && all { throw ValidationError("--staged and --all cannot be used together") }
      if (staged || all) && !paths.isEmpty {
        throw ValidationError("give PATHs or --staged/--all, not both")
      }
    }

    func run() async throws {
      let context = try CommandContext(options)
      let repository = try context.requireRepository()
      guard let root = repository.workingDirectory else {
        throw CLIError.usage("a bare repository has no sources to summarise")
      }
      let scope: SummaryScope =
        staged
        ? .staged : paths.isEmpty ? .all : .paths(try paths.map { try relative($0, root: root) })
      let planner = SummaryPlanner(
        repository: repository, layout: SummaryLayout(settings: context.settings),
        modelConfigured: ChatProviders.isConfigured(context.settings), force: force)
      let plan: SummaryPlan
      do {
        plan = try planner.plan(scope)
      } catch let error as SummaryPathError {
        throw CLIError.usage("cannot summarise \(error)")
      }
      // Made only when there is something to generate: a missing key fails only then.
      let provider =
        plan.stale.isEmpty
        ? nil
        : try summaryProvider(
          settings: context.settings, repository: repository, command: "summarize")
      let summarizer = Summarizer(
        repository: repository,
        generator: SummaryGenerator(settings: context.settings, provider: provider),
        // summaries.totalTimeout bounds a hook; a run asked for by hand has only the per-file deadline.
        stage: staged, totalTimeout: .seconds(366 * 86_400),
        maxBytes: context.settings.int("index.maxFileBytes") ?? 1_048_576)
      let showProgress = plan.stale.count > 3
      let report = try await summarizer.run(plan) { done, total, source in
        if showProgress { warn("[\(done)/\(total)] \(source)") }
      }
      if provider != nil, !(report.written.isEmpty && report.failed.isEmpty) {
        await TrafficLog.flushPending(settings: context.settings, repository: repository)
      }
      if json {
        try printJSON(report)
      } else {
        printText(report)
      }
      if !report.failed.isEmpty || !report.kept.isEmpty { throw ExitCode.failure }
    }

    /// A path given on the command line, relative to the work-tree root.
    private func relative(_ path: String, root: String) throws -> String {
      let base = options.repository ?? FileManager.default.currentDirectoryPath
      let given = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: base + "/"))
        .standardizedFileURL
      // Symlinks in the folders are resolved, not the path's own: a tracked symlink is named
      // as itself (and refused), not as its target.
      let resolved = given.resolvingSymlinksInPath().path
      var isFolder: ObjCBool = false
      let folder = given.deletingLastPathComponent().resolvingSymlinksInPath().path
      let absolute =
        FileManager.default.fileExists(atPath: resolved, isDirectory: &isFolder)
          && isFolder.boolValue
        ? resolved : (folder == "/" ? "" : folder) + "/" + given.lastPathComponent
      let top = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
      if absolute == top { return "" }
      guard absolute.hasPrefix(top + "/") else {
        throw CLIError.usage("outside the repository: \(path)")
      }
      return String(absolute.dropFirst(top.count + 1))
    }

    private func printText(_ report: SummaryReport) {
      for entry in report.written {
        print("wrote \(entry.summary) (\(entry.model ?? "?"), \(entry.reason ?? ""))")
      }
      for move in report.moved {
        print(
          move.from == move.to
            ? "updated \(move.to) (source path)" : "moved \(move.from) -> \(move.to)")
      }
      for path in report.removed { print("removed \(path)") }
      for path in report.restaged {
        print(report.staged ? "staged \(path)" : "fresh, not staged: \(path)")
      }
      for entry in report.skipped { print("skipped \(entry.source): \(entry.reason ?? "")") }
      for entry in report.failed { print("failed \(entry.source): \(entry.error ?? "")") }
      for kept in report.kept {
        print("kept \(kept.path): \(kept.reason), not regenerated (save the edits elsewhere)")
      }
      let fresh =
        report.checked - report.written.count - report.failed.count - report.skipped.count
        - report.kept.count
      var line = "\(report.written.count) written, \(max(0, fresh)) fresh"
      if !report.failed.isEmpty { line += ", \(report.failed.count) failed" }
      if !report.kept.isEmpty { line += ", \(report.kept.count) kept" }
      if !report.skipped.isEmpty { line += ", \(report.skipped.count) skipped" }
      if report.changedAnything && !report.staged { line += "; git add them to commit" }
      print(line)
    }
  }
}
