import ArgumentParser
import Foundation
import GitLLM

extension GitLLMCommand {
  struct Memory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "memory",
      abstract: "Chat history per namespace: add, list, clear, summarise, question, import.",
      discussion: """
        Messages live in <git common dir>/llm/memory.sqlite, searchable with FTS5 (BM25). Every \
        message added is also written to the traffic log (kind `message`). `clear` deletes a \
        namespace's messages; the traffic history files are an audit log and stay.
        """,
      subcommands: [Add.self, List.self, Clear.self, Summarize.self, Ask.self, ImportChatGPT.self])
  }
}

/// The options every memory subcommand takes.
struct MemoryOptions: ParsableArguments {
  @OptionGroup var repository: RepositoryOptions
  @Option(help: "The namespace (conversation) to work on.") var namespace = GitLLM.Memory
    .defaultNamespace
  @Flag(help: "Print JSON for scripts.") var json = false

  func validate() throws {
    do { try GitLLM.Memory.validate(namespace: namespace) } catch {
      throw ValidationError("\(error)")
    }
  }

  /// The repository context and its memory store.
  func open() throws -> (CommandContext, MemoryStore) {
    let context = try CommandContext(repository)
    let store = try MemoryStore(path: MemoryStore.path(for: try context.requireRepository()))
    return (context, store)
  }
}

extension GitLLMCommand.Memory {
  struct Add: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Remember a message (TEXT, or standard input when TEXT is absent or `-`).")

    @OptionGroup var options: MemoryOptions
    @Option(help: "user, assistant or system.") var role = "user"
    @Argument(help: "The message text.") var text: String?

    func validate() throws {
      do { try GitLLM.Memory.validate(role: role) } catch { throw ValidationError("\(error)") }
    }

    func run() async throws {
      let (context, store) = try options.open()
      var body = text ?? "-"
      if body == "-" {
        body = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
      }
      let message: MemoryMessage
      do {
        message = try store.add(
          NewMemoryMessage(namespace: options.namespace, role: role, text: body))
      } catch let error as MemoryError {
        throw CLIError.usage(error.description)
      }
      MemoryTraffic(
        settings: context.settings, repository: context.repository, command: "memory add"
      )
      .record(message)
      await TrafficLog.flushPending(settings: context.settings, repository: context.repository)
      if options.json {
        try printJSON(message)
      } else {
        print("added message \(message.id) to \(message.namespace)")
      }
    }
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the namespace's messages, oldest first.")

    @OptionGroup var options: MemoryOptions
    @Option(name: .shortAndLong, help: "Only the last N messages.") var n: Int?

    func run() async throws {
      let (_, store) = try options.open()
      let messages = try store.messages(namespace: options.namespace, last: n)
      if options.json {
        try printJSON(messages)
        return
      }
      for message in messages { print(MemoryFormat.line(message)) }
    }
  }

  struct Clear: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Delete the namespace's messages (the traffic history files stay).")

    @OptionGroup var options: MemoryOptions

    func run() async throws {
      let (_, store) = try options.open()
      let deleted = try store.clear(namespace: options.namespace)
      if options.json {
        struct Cleared: Encodable {
          var namespace: String
          var deleted: Int
        }
        try printJSON(Cleared(namespace: options.namespace, deleted: deleted))
      } else {
        print(
          "cleared \(deleted) messages from \(options.namespace); the traffic history files are kept"
        )
      }
    }
  }
}

extension GitLLMCommand.Memory {
  struct ImportChatGPT: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "import-chatgpt",
      abstract: "Import the visible threads of a ChatGPT data export (conversations.json).",
      discussion: """
        Streams the file (any size) with progress on standard error. Idempotent: messages already \
        imported (same conversation and message id) are skipped, so importing a newer export adds \
        only what is new. A malformed export imports nothing and says where the problem is. The \
        message records for the traffic log are written after the import and published by the \
        next flush (`git llm log flush`).
        """)

    @OptionGroup var options: MemoryOptions
    @Argument(help: "The export's conversations.json.") var file: String

    func run() async throws {
      let (context, store) = try options.open()
      let report: MemoryImportReport
      let firstNew = try store.nextMessageID()
      do {
        let reader = try ChatGPTExportReader(path: file)
        var shown = -1
        report = try store.importChatGPT(reader, namespace: options.namespace) { progress in
          guard let size = progress.fileSize, size > 0 else { return }
          let percent = progress.bytesRead * 100 / size
          guard percent / 5 != shown / 5 else { return }
          shown = percent
          warn("importing \(file): \(percent)% (\(progress.conversations) conversations)")
        }
      } catch let error as MemoryError {
        throw CLIError.usage(error.description)
      }
      // Logged once the import has committed, so a failed import leaves no records either.
      let traffic = MemoryTraffic(
        settings: context.settings, repository: context.repository, command: "memory import-chatgpt"
      )
      try store.forEachMessage(namespace: options.namespace, from: firstNew) { traffic.record($0) }
      // Not published inline: the next flush (`git llm log flush`, any later command) sends them,
      // so a large import is neither held up by Pub/Sub nor by reading the whole outbox.
      traffic.sync()
      if options.json {
        try printJSON(report)
      } else {
        print(
          "imported \(report.imported) messages from \(report.conversations) conversations into "
            + "\(report.namespace); skipped \(report.skipped) already imported, \(report.hidden) hidden or empty"
        )
      }
    }
  }
}

/// How messages print in text mode.
enum MemoryFormat {
  static func time(_ date: Date?) -> String {
    guard let date else { return "----------------" }
    return date.formatted(
      .iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false))
  }

  static func line(_ message: MemoryMessage) -> String {
    let head = "#\(message.id) \(time(message.created)) \(message.role)"
    let source = message.source == "cli" ? "" : " [\(message.source)]"
    let body = message.text.split(separator: "\n", omittingEmptySubsequences: false)
      .joined(separator: "\n    ")
    return "\(head)\(source): \(body)"
  }
}
extension GitLLMCommand.Memory {
  struct Summarize: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Summarise the last N messages (all without -n) with the model; store and print the summary."
    )

    @OptionGroup var options: MemoryOptions
    @Option(name: .shortAndLong, help: "Summarise only the last N messages.") var n: Int?
    @Flag(help: "After the summary, print its tokens and cost to standard error.") var usage = false

    func run() async throws {
      let (context, store) = try options.open()
      let (assistant, meter) = try MemoryCLI.assistant(
        context, store, namespace: options.namespace, command: "memory summarize", usage: usage)
      let result: MemorySummary
      do {
        result = try await assistant.summarize(namespace: options.namespace, last: n)
      } catch let error as MemoryError {
        throw CLIError.usage(error.description)
      } catch {
        await TrafficLog.flushPending(settings: context.settings, repository: context.repository)
        throw CLIError.failed("\(error)")
      }
      MemoryTraffic(
        settings: context.settings, repository: context.repository, command: "memory summarize"
      )
      .record(result.summary)
      await TrafficLog.flushPending(settings: context.settings, repository: context.repository)
      if options.json { try printJSON(result) } else { print(result.summary.text) }
      printUsage(meter)
    }
  }

  struct Ask: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Answer a question from the namespace's most relevant messages; list the ones used."
    )

    @OptionGroup var options: MemoryOptions
    @Option(name: .short, help: "How many messages to retrieve.") var k = 6
    @Flag(help: "After the answer, print its tokens and cost to standard error.") var usage = false
    @Argument(help: "The question.") var question: [String]

    func validate() throws {
      guard k > 0 else { throw ValidationError("-k must be at least 1") }
    }

    func run() async throws {
      let (context, store) = try options.open()
      let (assistant, meter) = try MemoryCLI.assistant(
        context, store, namespace: options.namespace, command: "memory ask", usage: usage)
      let answer: MemoryAnswer
      do {
        answer = try await assistant.ask(
          namespace: options.namespace, question: question.joined(separator: " "), k: k)
      } catch {
        await TrafficLog.flushPending(settings: context.settings, repository: context.repository)
        throw CLIError.failed("\(error)")
      }
      await TrafficLog.flushPending(settings: context.settings, repository: context.repository)
      for warning in answer.warnings { warn("warning: \(warning)") }
      defer { printUsage(meter) }
      if options.json {
        try printJSON(answer)
        return
      }
      print(answer.answer)
      if !answer.sources.isEmpty {
        print("\nMessages used:")
        for (index, hit) in answer.sources.enumerated() {
          print("[\(index + 1)] \(MemoryFormat.line(hit.message))")
        }
      }
    }
  }
}

enum MemoryCLI {
  /// The configured model, logged under the namespace and command; with `usage`, metered.
  static func assistant(
    _ context: CommandContext, _ store: MemoryStore, namespace: String, command: String,
    usage: Bool = false
  ) throws -> (MemoryAssistant, UsageMeter?) {
    guard ChatProviders.isConfigured(context.settings) else {
      throw CLIError.usage("no chat provider configured: set llm.provider (see `git llm config`)")
    }
    let provider: any ChatProvider
    do {
      provider = try ChatProviders.make(
        settings: context.settings, repository: context.repository,
        context: CallContext(namespace: namespace, command: command))
    } catch {
      throw CLIError.usage("\(error)")
    }
    let meter = usage ? UsageMeter(base: provider, prices: PriceTable(settings: context.settings)) : nil
    let assistant = MemoryAssistant(
      store: store, provider: meter ?? provider, model: context.settings["llm.model"] ?? "",
      maxTokens: context.settings.int("llm.maxTokens"),
      embedder: EmbeddingsClient.configured(context.settings))
    return (assistant, meter)
  }
}
