import ArgumentParser
import Foundation
import GitLLM

extension GitLLMCommand {
  struct Hook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run as a git hook: pre-commit keeps the summaries fresh; post-merge, post-checkout and post-rewrite reindex quietly.",
      discussion: "pre-commit: bounded by summaries.timeout and summaries.totalTimeout; stops the commit only when summaries.required is set (or, under the pre-commit framework, when summaries were written for you to add). The others: bounded by index.hookTimeout; never fail the git command (at most one warning line).")

    @OptionGroup var options: RepositoryOptions
    @Argument(help: "The hook's name.") var name: String
    @Argument(parsing: .allUnrecognized, help: "git's hook arguments.") var arguments: [String] = []

    func run() async throws {
      if name == "pre-commit" {
        let status = await runPreCommitHook(arguments: arguments)
        if status != 0 { throw ExitCode(status) }
        return
      }
      guard IndexHook.names.contains(name) else {
        warn("hook \(name): not a hook git-llm handles")
        return
      }
      let arguments = Self.gitArguments(
        name: name, given: arguments, environment: ProcessInfo.processInfo.environment)
      guard IndexHook.shouldRun(name: name, arguments: arguments) else { return }
      do {
        let context = try CommandContext(options)
        let repository = try context.requireRepository()
        if let warning = await IndexHook.run(
          name: name, arguments: arguments, repository: repository, settings: context.settings,
          embeddings: EmbeddingsClient.configured(context.settings))
        {
          warn(warning)
        }
      } catch {
        warn("hook \(name): \(describe(error))")
      }
    }

    /// The pre-commit framework passes git's hook arguments in its own environment variables
    /// rather than as arguments; take them from there when none were given.
    static func gitArguments(name: String, given: [String], environment: [String: String]) -> [String] {
      guard given.isEmpty else { return given }
      let names: [String] = switch name {
      case "post-checkout": ["PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF", "PRE_COMMIT_CHECKOUT_TYPE"]
      case "post-merge": ["PRE_COMMIT_IS_SQUASH_MERGE"]
      case "post-rewrite": ["PRE_COMMIT_REWRITE_COMMAND"]
      default: []
      }
      let values = names.compactMap { environment[$0] }
      return values.count == names.count ? values : given
    }
  }
}
