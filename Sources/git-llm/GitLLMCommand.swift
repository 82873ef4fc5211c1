import ArgumentParser
import GitLLM

@main
struct GitLLMCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "git-llm",
    abstract: "LLMs in a repository's own workflow: summaries, search, fill, traffic log.",
    discussion: "Run as `git llm COMMAND`; `git llm COMMAND --help` describes each command.",
    version: GitLLM.version,
    subcommands: [
      Index.self,
      Search.self,
      Ask.self,
      Hook.self,
    ]
  )
}
