import ArgumentParser
import Foundation
import GitLLM

/// `git llm log search`: full-text search over the traffic history (the lead nests it under `log`).
struct LogSearch: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "search",
    abstract: "Search the traffic history (prompts, answers, errors) with FTS5.",
    discussion: """
      Records with every word of QUERY come first (BM25), else records with any of them. The index \
      lives in <git common dir>/llm/memory.sqlite and follows the history files as they grow.
      """)

  @OptionGroup var options: RepositoryOptions
  @Argument(help: "Words to look for.") var query: [String]
  @Option(name: .shortAndLong, help: "At most N records.") var n = 20
  @Option(help: "Only records of this namespace.") var namespace: String?
  @Option(help: "Only records of this kind (request, response, error, message).") var kind: String?
  @Flag(help: "Print JSON for scripts.") var json = false

  func run() async throws {
    let context = try CommandContext(options, requireRepository: false)
    guard let directory = context.settings["log.dir"], !directory.isEmpty else {
      throw CLIError.usage(
        "no traffic history here: run inside a repository or set MESSAGE_HISTORY")
    }
    let indexPath =
      context.repository.map(MemoryStore.path(for:))
      ?? ((directory as NSString).deletingLastPathComponent + "/history-search.sqlite")
    let search = HistorySearch(store: try MemoryStore(path: indexPath), directory: directory)
    let hits = try search.search(
      query.joined(separator: " "), limit: n, namespace: namespace, kind: kind)
    if json {
      try printJSON(hits)
      return
    }
    if hits.isEmpty { warn("no record matches") }
    for hit in hits {
      let what = [hit.time, hit.namespace, hit.kind, hit.command].compactMap { $0 }.joined(
        separator: " ")
      print(
        "\(hit.file):\(hit.line) \(what)\n    \(hit.snippet.replacingOccurrences(of: "\n", with: " "))"
      )
    }
  }
}
