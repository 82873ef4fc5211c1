import ArgumentParser
import Foundation
import GitLLM

extension GitLLMCommand {
  struct Hook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run as a git hook (post-merge, post-checkout, post-rewrite): reindex quietly.",
      discussion: "Bounded by index.hookTimeout; never fails the git command (at most one warning line).")

    @OptionGroup var options: RepositoryOptions
    @Argument(help: "The hook's name.") var name: String
    @Argument(parsing: .allUnrecognized, help: "git's hook arguments.") var arguments: [String] = []

    func run() async throws {
      guard IndexHook.names.contains(name) else {
        // pre-commit belongs to the summaries work; until it lands the shim must stay quiet.
        if name != "pre-commit" { warn("hook \(name): not a hook git-llm handles") }
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
