import ArgumentParser
import Foundation
import GitLLM

/// `git llm hook pre-commit`: regenerates the stale summaries of the staged sources, writes and
/// stages them. Exit 0 unless summaries.required stops the commit or, under the pre-commit
/// framework, summaries were written for the user to add. The arguments (file names passed by
/// the pre-commit framework) are not needed: the staged changes say which sources to look at.
func runPreCommitHook(arguments: [String]) async -> Int32 {
  let environment = ProcessInfo.processInfo.environment
  let repository: Repository
  let settings: Settings
  do {
    // git runs the hook at the top of the work tree with GIT_INDEX_FILE set when it commits from
    // a temporary index (`git commit -a`, `git commit PATH`); discover honours it.
    repository = try Repository.discover(
      from: FileManager.default.currentDirectoryPath, environment: environment)
    settings = try Settings.load(repository: repository, environment: environment)
  } catch {
    warn("warning: summaries not checked: \(error); the commit goes on")
    return 0
  }
  let provider: (any ChatProvider)?
  do {
    provider = try summaryProvider(settings: settings, repository: repository, command: "hook pre-commit")
  } catch {
    let required = settings.bool("summaries.required") ?? false
    warn(
      required
        ? "error: summaries not updated: \(error); the commit is stopped because summaries.required is set"
        : "warning: summaries not updated: \(error); the commit goes on")
    return required ? 1 : 0
  }
  let result = await PreCommitSummaries.run(
    repository: repository, settings: settings, provider: provider, environment: environment)
  for line in result.messages {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }
  return result.status
}

/// The chat provider summaries use, or nil for provider `none` (outline summaries).
func summaryProvider(settings: Settings, repository: Repository, command: String) throws -> (any ChatProvider)? {
  // Until the chat providers land, every summary is an outline.
  nil
}

extension GitLLMCommand {
  /// Temporary dispatcher until the index's `hook` command (post-merge, post-checkout,
  /// post-rewrite) lands and takes the pre-commit case.
  struct Hook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run the work of a git hook (installed by `git llm install`).",
      discussion: "pre-commit: regenerate the stale summaries of the staged sources and stage them.")

    @Argument(help: "The hook's name: pre-commit.") var name: String
    @Argument(parsing: .captureForPassthrough, help: "git's arguments to the hook.")
    var arguments: [String] = []

    func run() async throws {
      switch name {
      case "pre-commit":
        let status = await runPreCommitHook(arguments: arguments)
        if status != 0 { throw ExitCode(status) }
      default:
        throw CLIError.usage("unknown hook: \(name) (known: pre-commit)")
      }
    }
  }
}
