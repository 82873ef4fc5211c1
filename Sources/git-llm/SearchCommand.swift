import ArgumentParser
import Foundation
import GitLLM

extension GitLLMCommand {
  struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Search the index: ranked chunks with path, lines, score and a snippet.",
      discussion: "Keyword search (BM25, code-aware terms, path boost); fused with embeddings when configured.")

    @OptionGroup var options: RepositoryOptions
    @Argument(help: "What to look for.") var query: [String]
    @Option(name: .short, help: "How many results.") var k = 10
    @Flag(help: "Print JSON for scripts.") var json = false

    func validate() throws {
      guard !query.joined().trimmingCharacters(in: .whitespaces).isEmpty else {
        throw ValidationError("give a query")
      }
      guard k > 0 else { throw ValidationError("-k must be positive") }
    }

    func run() async throws {
      let context = try CommandContext(options)
      let repository = try context.requireRepository()
      let store = try openIndex(repository)
      let hits = try await Retriever(
        store: store, embeddings: EmbeddingsClient.configured(context.settings),
        summaries: SummaryLayout(settings: context.settings))
        .retrieve(query.joined(separator: " "), limit: k)
      if json {
        try printJSON(hits.map(SearchOutput.init))
        return
      }
      if hits.isEmpty { print("no matches") }
      for hit in hits {
        print("\(hit.label)  \(String(format: "%.3g", hit.score))")
        for line in hit.snippet.split(separator: "\n", omittingEmptySubsequences: false) {
          print("    \(line)")
        }
      }
    }
  }
}

/// Opens the index, noting on standard error when it lags behind HEAD.
func openIndex(_ repository: Repository) throws -> IndexStore {
  do {
    let store = try RepositoryIndex.open(repository: repository)
    let head = try? repository.head().commit
    if let indexed = try store.indexedCommit() {
      if let head, indexed != head {
        warn("the index is at \(indexed.hex.prefix(12)), HEAD is \(head.hex.prefix(12)): run `git llm index`")
      }
    } else if head != nil {
      warn("the index is unfinished: run `git llm index`")
    }
    return store
  } catch let error as IndexError {
    throw CLIError.failed(error.description)
  } catch let error as SQLiteError {
    throw CLIError.failed("the index cannot be read (\(error.message)): `git llm index` rebuilds it")
  }
}

private struct SearchOutput: Encodable {
  var path: String
  var startLine: Int
  var endLine: Int
  var score: Double
  var snippet: String
  /// The source file a summary chunk describes.
  var summaryOf: String?

  init(_ hit: SearchHit) {
    path = hit.path
    startLine = hit.startLine
    endLine = hit.endLine
    score = hit.score
    snippet = hit.snippet
    summaryOf = hit.summaryOf
  }
}
