import ArgumentParser
import Foundation
import GitLLM

extension GitLLMCommand {
  struct Index: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Index HEAD's files for search and ask (incremental from the indexed commit).",
      discussion: """
        Reads blobs from the object database, not the work tree. Binary files, Git LFS pointers and \
        files over index.maxFileBytes are listed but not chunked. The index is
        <git dir>/llm/index.sqlite (each linked worktree has its own).
        """)

    @OptionGroup var options: RepositoryOptions
    @Flag(help: "Rebuild everything.") var full = false
    @Option(help: ArgumentHelp("Extensions to index (default: index.ext).", valueName: ".py,.md"))
    var ext: String?
    @Option(help: ArgumentHelp("Folders to skip (default: index.ignore).", valueName: "dir/,..."))
    var ignore: String?
    @Flag(help: "Show the indexed commit, HEAD and every indexed file instead of indexing.")
    var status = false
    @Flag(help: "Print JSON for scripts.") var json = false

    func run() async throws {
      var flags: [String: String] = [:]
      if let ext { flags["index.ext"] = ext }
      if let ignore { flags["index.ignore"] = ignore }
      let context = try CommandContext(options, flags: flags)
      let repository = try context.requireRepository()
      if status {
        try printStatus(repository)
        return
      }
      let report = try RepositoryIndex.update(
        repository: repository, rules: RepositoryIndex.rules(from: context.settings), full: full)
      var vectors: EmbeddingReport?
      do {
        vectors = try await RepositoryIndex.updateVectors(
          repository: repository, client: EmbeddingsClient.configured(context.settings))
      } catch {
        warn("embeddings: \(describe(error)) (keyword search still works; rerun `git llm index` to retry)")
      }
      if json {
        try printJSON(IndexOutput(index: report, embeddings: vectors))
      } else {
        print(report.summary)
        if let vectors {
          print("embeddings: \(vectors.embedded) embedded, \(vectors.cacheHits) from cache, \(vectors.pending) pending")
        }
      }
    }

    private func printStatus(_ repository: Repository) throws {
      let status = try RepositoryIndex.status(repository: repository)
      if json {
        try printJSON(status)
        return
      }
      print("indexed commit: \(status.indexedCommit ?? "none (unfinished full index)")")
      print("HEAD:           \(status.head ?? "unborn")")
      print("fresh:          \(status.fresh ? "yes" : "no, run `git llm index`")")
      print("files:          \(status.files.count), \(status.chunks) chunks")
      for file in status.files {
        print("\(file.blob)  \(pad(String(file.chunkCount), 5))\(file.path)\(file.skipped.map { "  (\($0))" } ?? "")")
      }
    }
  }
}

private struct IndexOutput: Encodable {
  var index: IndexReport
  var embeddings: EmbeddingReport?
}
