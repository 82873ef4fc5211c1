import ArgumentParser
import Foundation
import GitLLM

extension GitLLMCommand {
  struct Memory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "memory",
      abstract: "Chat history per namespace: add, list, clear, summarise, question, import.",
      discussion: """
        Messages live in <git common dir>/llm/memory.sqlite, searchable with FTS5 (BM25). Every
        message added is also written to the traffic log (kind `message`). `clear` deletes a
        namespace's messages; the traffic history files are an audit log and stay.
        """,
      subcommands: [Add.self, List.self, Clear.self, ImportChatGPT.self])
  }
}

/// The options every memory subcommand takes.
struct MemoryOptions: ParsableArguments {
  @OptionGroup var repository: RepositoryOptions
  @Option(help: "The namespace (conversation) to work on.") var namespace = GitLLM.Memory.defaultNamespace
  @Flag(help: "Print JSON for scripts.") var json = false

  func validate() throws {
    do { try GitLLM.Memory.validate(namespace: namespace) } catch { throw ValidationError("\(error)") }
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
        message = try store.add(NewMemoryMessage(namespace: options.namespace, role: role, text: body))
      } catch let error as MemoryError {
        throw CLIError.usage(error.description)
      }
      _ = context
      if options.json {
        try printJSON(message)
      } else {
        print("added message \(message.id) to \(message.namespace)")
      }
    }
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the namespace's messages, oldest first.")

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
        try printJSON(["namespace": options.namespace, "deleted": "\(deleted)"])
      } else {
        print("cleared \(deleted) messages from \(options.namespace); the traffic history files are kept")
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
        Streams the file (any size) with progress on standard error. Idempotent: messages already
        imported (same conversation and message id) are skipped, so importing a newer export adds
        only what is new. A malformed export imports nothing and says where the problem is.
        """)

    @OptionGroup var options: MemoryOptions
    @Argument(help: "The export's conversations.json.") var file: String

    func run() async throws {
      let (_, store) = try options.open()
      let report: MemoryImportReport
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
      if options.json {
        try printJSON(report)
      } else {
        print(
          "imported \(report.imported) messages from \(report.conversations) conversations into "
            + "\(report.namespace); skipped \(report.skipped) already imported, \(report.hidden) hidden or empty")
      }
    }
  }
}

/// How messages print in text mode.
enum MemoryFormat {
  static func time(_ date: Date?) -> String {
    guard let date else { return "----------------" }
    return date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false))
  }

  static func line(_ message: MemoryMessage) -> String {
    let head = "#\(message.id) \(time(message.created)) \(message.role)"
    let source = message.source == "cli" ? "" : " [\(message.source)]"
    let body = message.text.split(separator: "\n", omittingEmptySubsequences: false)
      .joined(separator: "\n    ")
    return "\(head)\(source): \(body)"
  }
}
