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
        warn("hook \(name): \(error)")
      }
    }
  }
}
