import ArgumentParser
import Foundation
import GitLLM

extension GitLLMCommand {
  struct Fill: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "fill",
      abstract: "Fill stub files from their failing tests through an LLM retry loop.",
      discussion: """
        A stub is a file with a comment line `llm-stub: OBJECTIVE` (and optionally \
        `llm-test: PATH`). With no STUB, every tracked stub is filled; --base REV fills those \
        added or changed since REV. Test-first: `git llm fill --prompt TEXT --test-file TEST OUTPUT` \
        writes TEST and stops (exit 3) when it does not exist, and fills OUTPUT when it does.
        Exit status: 0 every stub passes, 1 any fails, 2 bad input, 3 a test file to review.
        """)

    @OptionGroup var options: RepositoryOptions
    @Argument(help: "Stub files to fill (default: every tracked stub).") var stubs: [String] = []
    @Option(help: "Fill only stubs added or changed since the merge base with REV.") var base: String?
    @Option(help: "Attempts per stub (fill.maxRetries, default 4).") var maxRetries: Int?
    @Option(help: "Stubs filled at once (fill.jobs, default the core count).") var jobs: Int?
    @Option(help: "Fill the Kth of N deterministic shares of the stubs.") var shard: String?
    @Option(help: "Seconds one test run may take (fill.timeout).") var timeout: Int?
    @Option(help: "Test command with {test} and {stub} placeholders (fill.testCommand).") var testCommand: String?
    @Option(help: "Test-first form: what OUTPUT must do.") var prompt: String?
    @Option(help: "Test-first form: the test file, generated when missing.") var testFile: String?
    @Option(help: "Store every model answer in DIR, keyed by a hash of the request.") var record: String?
    @Option(help: "Answer from answers recorded in DIR, with no provider.") var replay: String?
    @Flag(help: "Print the report as JSON.") var json = false

    func validate() throws {
      if (prompt == nil) != (testFile == nil) {
        throw ValidationError("--prompt and --test-file go together")
      }
      if prompt != nil && stubs.count != 1 {
        throw ValidationError("the test-first form takes exactly one OUTPUT path")
      }
      if prompt != nil && base != nil { throw ValidationError("--base does not apply to the test-first form") }
      if record != nil && replay != nil { throw ValidationError("--record and --replay exclude each other") }
      var isDirectory: ObjCBool = false
      if let replay, !FileManager.default.fileExists(atPath: replay, isDirectory: &isDirectory) || !isDirectory.boolValue {
        throw ValidationError("--replay: no such directory: \(replay)")
      }
      if let record, FileManager.default.fileExists(atPath: record, isDirectory: &isDirectory), !isDirectory.boolValue {
        throw ValidationError("--record: not a directory: \(record)")
      }
      if let maxRetries, maxRetries < 1 { throw ValidationError("--max-retries must be at least 1") }
      if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() async throws {
      var flags: [String: String] = [:]
      if let maxRetries { flags["fill.maxRetries"] = String(maxRetries) }
      if let jobs { flags["fill.jobs"] = String(jobs) }
      if let timeout { flags["fill.timeout"] = String(timeout) }
      if let testCommand { flags["fill.testCommand"] = testCommand }
      let context = try CommandContext(options, flags: flags)
      let repository = try context.requireRepository()
      guard let root = repository.workingDirectory else { throw CLIError.usage(FillError.bareRepository.description) }
      let settings = context.settings
      let provider = try makeProvider(settings: settings, repository: repository)
      let model = settings["llm.model"] ?? "default"
      FillSignals.install()

      if let prompt, let testFile {
        try await testFirst(prompt: prompt, testFile: testFile, root: root, context: context, provider: provider, model: model)
        return
      }
      let selected = try selectStubs(repository: repository, root: root, directory: context.directory)
      try await fill(selected, root: root, repository: repository, settings: settings, provider: provider, model: model)
    }

    func selectStubs(repository: Repository, root: String, directory: String) throws -> [Stub] {
      do {
        let selection: StubSelection
        if !stubs.isEmpty {
          selection = .paths(try stubs.map { try relative($0, root: root, directory: directory) })
        } else if let base {
          selection = .changedSince(base)
        } else {
          selection = .all
        }
        var found = try selection.stubs(in: repository)
        if let shard { found = try Shard(parsing: shard).select(found) }
        return found
      } catch let error as FillError {
        throw CLIError.usage(error.description)
      }
    }

    func fill(
      _ selected: [Stub], root: String, repository: Repository, settings: Settings,
      provider: any ChatProvider, model: String, inPlace: Bool = false
    ) async throws {
      let log = try? FillAttemptLog(
        path: repository.commonDirectory + "/llm/fill.sqlite",
        head: try? repository.resolve("HEAD").hex, command: CommandLine.arguments.dropFirst().joined(separator: " "))
      let options = FillOptions(
        model: model, maxAttempts: settings.int("fill.maxRetries") ?? 4,
        maxTokens: settings.int("llm.maxTokens"), testCommand: settings["fill.testCommand"],
        runner: TestRunner(timeout: settings.duration("fill.timeout") ?? .seconds(300)))
      var isolate = selected.count > 1 && !inPlace
      if isolate && (try? repository.resolve("HEAD")) == nil {
        // A temporary worktree is checked out at HEAD, which an unborn branch does not have.
        warn("note: no commit yet, so the \(selected.count) stubs are filled in place, one at a time")
        isolate = false
      }
      let run = FillRun(
        root: root, filler: StubFiller(
          provider: provider, options: options, log: log, price: Self.price(settings: settings)),
        jobs: settings.int("fill.jobs") ?? ProcessInfo.processInfo.activeProcessorCount,
        isolate: isolate)
      let report: FillReport
      do {
        report = try await run.run(selected)
      } catch let error as FillError {
        throw CLIError.failed(error.description)
      }
      await flushTraffic(settings: settings, repository: repository)
      if json { try printJSON(report) } else if !selected.isEmpty { print(report.table) } else {
        print("no stubs to fill")
      }
      if let summary = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !summary.isEmpty,
        let handle = FileHandle(forWritingAtPath: summary)
      {
        handle.seekToEndOfFile()
        handle.write(Data(report.markdown.utf8))
        try? handle.close()
      }
      if !report.passed { throw ExitCode(1) }
    }

    func testFirst(
      prompt: String, testFile: String, root: String, context: CommandContext,
      provider: any ChatProvider, model: String
    ) async throws {
      let repository = try context.requireRepository()
      let output = try relative(stubs[0], root: root, directory: context.directory)
      let test = try relative(testFile, root: root, directory: context.directory)
      if !FileManager.default.fileExists(atPath: root + "/" + test) {
        let generator = TestFileGenerator(provider: provider, model: model, maxTokens: context.settings.int("llm.maxTokens"))
        let text = try await generator.generate(prompt: prompt, outputPath: output, testPath: test, root: root)
        await flushTraffic(settings: context.settings, repository: repository)
        print(text, terminator: "")
        throw CLIError.review("wrote \(test): review it, then run the same command again to fill \(output)")
      }
      if !FileManager.default.fileExists(atPath: root + "/" + output) {
        let stubText = TestFileGenerator.stubText(prompt: prompt, outputPath: output, testPath: test)
        try Data(stubText.utf8).write(to: URL(fileURLWithPath: root + "/" + output))
      }
      let stub = Stub(path: output, objective: prompt, testPath: test)
      try await fill([stub], root: root, repository: repository, settings: context.settings, provider: provider, model: model, inPlace: true)
    }

    /// A path given on the command line, relative to the repository root.
    func relative(_ path: String, root: String, directory: String) throws -> String {
      let absolute = ((path.hasPrefix("/") ? path : directory + "/" + path) as NSString).standardizingPath
      let resolvedRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
      for prefix in [root, resolvedRoot] where absolute.hasPrefix(prefix + "/") {
        return String(absolute.dropFirst(prefix.count + 1))
      }
      let resolved = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
      if resolved.hasPrefix(resolvedRoot + "/") { return String(resolved.dropFirst(resolvedRoot.count + 1)) }
      throw CLIError.usage("\(path) is outside the repository \(root)")
    }
  }
}

/// Undoes a fill run's temporary state when the process is interrupted.
enum FillSignals {
  nonisolated(unsafe) static var sources: [any DispatchSourceSignal] = []

  static func install() {
    for number in [SIGINT, SIGTERM] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler {
        FillCleanup.shared.runAll()
        warn("interrupted: stubs restored, temporary worktrees removed")
        exit(128 + number)
      }
      source.resume()
      sources.append(source)
    }
  }
}
