import ArgumentParser
import Foundation
import GitLLM

extension GitLLMCommand {
  struct Ask: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Answer a question about the repository from its index, with sources.",
      discussion: """
        Retrieves the best passages, then asks the configured chat provider (llm.provider) and \
        streams its answer. With no provider, prints the passages. With no QUESTION, reads \
        questions from standard input, one a line, until end of input (Ctrl-D) or Ctrl-C.
        """)

    @OptionGroup var options: RepositoryOptions
    @Argument(help: "The question; none: interactive.") var question: [String] = []
    @Option(name: .short, help: "How many passages to retrieve.") var k = 6
    @Flag(help: "After each answer, print its tokens and cost to standard error.") var usage = false

    func validate() throws {
      guard k > 0 else { throw ValidationError("-k must be at least 1") }
      if !question.isEmpty, question.joined().trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
        throw ValidationError("the question is empty (leave it out to ask interactively)")
      }
    }

    func run() async throws {
      let context = try CommandContext(options)
      let repository = try context.requireRepository()
      let store = try openIndex(repository)
      let retriever = Retriever(
        store: store, embeddings: EmbeddingsClient.configured(context.settings),
        summaries: SummaryLayout(settings: context.settings))
      let configured = try configuredChatProvider(context, repository: repository)
      let meter = usage ? configured.map { UsageMeter(base: $0, prices: PriceTable(settings: context.settings)) } : nil
      let provider: (any ChatProvider)? = meter ?? configured
      // Empty: the provider's default model.
      let model = context.settings["llm.model"] ?? ""
      let maxTokens = context.settings.int("llm.maxTokens")
      if !question.isEmpty {
        try await answer(question.joined(separator: " "), retriever, provider, model, maxTokens, meter)
      } else {
        try await interactive(retriever, provider, model, maxTokens, meter)
      }
      // Publish what the traffic log queued, within log.publishTimeout.
      if provider != nil { await TrafficLog.flushPending(settings: context.settings, repository: repository) }
    }

    private func interactive(
      _ retriever: Retriever, _ provider: (any ChatProvider)?, _ model: String, _ maxTokens: Int?,
      _ meter: UsageMeter?
    ) async throws {
      let interactive = isatty(0) == 1
      while true {
        if interactive { FileHandle.standardError.write(Data("ask> ".utf8)) }
        guard let line = readLine() else { break }
        let text = line.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { continue }
        try await answer(text, retriever, provider, model, maxTokens, meter)
        print("")
      }
    }

    private func answer(
      _ question: String, _ retriever: Retriever, _ provider: (any ChatProvider)?, _ model: String, _ maxTokens: Int?,
      _ meter: UsageMeter?
    ) async throws {
      let hits = try await retriever.retrieve(question, limit: k)
      guard !hits.isEmpty else {
        print("no passages in the index match that question")
        return
      }
      guard let provider else {
        print("no LLM provider is configured (set llm.provider); the best passages:\n")
        for hit in hits {
          print("--- \(hit.label)")
          let lines = hit.text.split(separator: "\n", omittingEmptySubsequences: false)
          print(lines.prefix(20).joined(separator: "\n") + (lines.count > 20 ? "\n…" : ""))
        }
        print("\n" + Asker.sources(hits))
        return
      }
      _ = try await Asker.answer(question: question, hits: hits, provider: provider, model: model, maxTokens: maxTokens) {
        FileHandle.standardOutput.write(Data($0.utf8))
      }
      print("\n\n" + Asker.sources(hits))
      printUsage(meter)
    }
  }
}

/// The configured chat provider (calls logged to the traffic log, namespace `ask`); nil when
/// `llm.provider` is `none`.
func configuredChatProvider(_ context: CommandContext, repository: Repository) throws -> (any ChatProvider)? {
  guard ChatProviders.isConfigured(context.settings) else { return nil }
  do {
    return try ChatProviders.make(
      settings: context.settings, repository: repository, context: CallContext(namespace: "ask", command: "ask"))
  } catch let error as LLMError {
    throw CLIError.usage(error.description)
  }
}

/// Prints the usage block of the calls `meter` counted since its last report, to standard error.
func printUsage(_ meter: UsageMeter?) {
  guard let report = meter?.takeReport() else { return }
  fflush(nil)  // print() output first (nil: every stream, no global `stdout` in Swift 6)
  FileHandle.standardError.write(Data((report + "\n").utf8))
}
