import ArgumentParser
import Foundation
import GitLLM

extension GitLLMCommand {
  struct Log: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "log",
      abstract: "The LLM traffic log: recent records, usage and cost, publishing to Pub/Sub.",
      discussion: """
        Every model call is a request record and a response or error record, one JSON line each, \
        under log.dir (MESSAGE_HISTORY; default .git/llm/history), one file per namespace and day. \
        Records are published to pubsub.topic at the end of each command and by `log flush`.
        """,
      subcommands: [Tail.self, Stats.self, LogSearch.self, Flush.self])

    static func directory(_ context: CommandContext) throws -> TrafficDirectory {
      guard let directory = TrafficLog.directory(settings: context.settings) else {
        throw CLIError.usage(
          "no traffic log here: not in a git repository and MESSAGE_HISTORY is not set")
      }
      return directory
    }
  }
}

extension GitLLMCommand.Log {
  struct Tail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the most recent records.")
    @OptionGroup var options: RepositoryOptions
    @Option(name: .short, help: "How many records.") var n = 20
    @Flag(help: "Print the records as JSON lines.") var json = false

    func validate() throws {
      guard n >= 0 else { throw ValidationError("-n must be 0 or more") }
    }

    func run() async throws {
      let context = try CommandContext(options, requireRepository: false)
      for record in TrafficStats.tail(directory: try GitLLMCommand.Log.directory(context), count: n)
      {
        if json {
          FileHandle.standardOutput.write(try record.jsonLine() + Data("\n".utf8))
        } else {
          print(Self.line(record))
        }
      }
    }

    static func line(_ record: TrafficRecord) -> String {
      var fields = [
        record.time, pad(record.kind.rawValue, 8), "\(record.provider)/\(record.model)",
        record.namespace,
      ]
      if let sha = record.commit.sha { fields.append(String(sha.prefix(8))) }
      if let usage = record.usage { fields.append("\(usage.totalTokens) tokens") }
      if record.kind == .response {
        fields.append(record.costUSD.map { String(format: "$%.6f", $0) } ?? "unpriced")
      }
      if let latency = record.latencyMS { fields.append("\(latency) ms") }
      let text = record.error ?? record.content ?? record.messages?.last?.content ?? ""
      let flat = text.replacingOccurrences(of: "\n", with: " ")
      fields.append(flat.count > 80 ? String(flat.prefix(79)) + "…" : flat)
      return fields.joined(separator: "  ")
    }
  }

  struct Stats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Calls, tokens and cost by day and model; records pending publication.")
    @OptionGroup var options: RepositoryOptions
    @Flag(help: "Print JSON for scripts.") var json = false

    func run() async throws {
      let context = try CommandContext(options, requireRepository: false)
      let stats = TrafficStats.compute(directory: try GitLLMCommand.Log.directory(context))
      if json {
        try printJSON(stats)
        return
      }
      print(
        pad("day", 12) + pad("model", 32) + pad("calls", 7) + pad("errors", 8) + pad("prompt", 10)
          + pad("completion", 12) + "cost (USD)")
      for row in stats.rows {
        var cost = row.costUSD.map { String(format: "$%.6f", $0) } ?? "unpriced"
        if row.costUSD != nil, row.unpriced > 0 { cost += " + \(row.unpriced) unpriced" }
        print(
          pad(row.day, 12) + pad(row.model, 32) + pad("\(row.calls)", 7) + pad("\(row.errors)", 8)
            + pad("\(row.promptTokens)", 10) + pad("\(row.completionTokens)", 12) + cost)
      }
      let publishing = TrafficLog.isPublishing(context.settings)
      print(
        "\(stats.records) records; \(stats.pending) pending publication"
          + (publishing ? "" : " (Pub/Sub not configured)"))
    }
  }

  struct Flush: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Publish every pending record to Pub/Sub; exit 1 when some could not be published.")
    @OptionGroup var options: RepositoryOptions
    @Option(help: "Give up after this many seconds.") var timeout: Int = 120

    func validate() throws {
      guard timeout > 0 else { throw ValidationError("--timeout must be at least 1 second") }
    }

    func run() async throws {
      let context = try CommandContext(options, requireRepository: false)
      _ = try GitLLMCommand.Log.directory(context)
      guard TrafficLog.isPublishing(context.settings) else {
        print(
          "Pub/Sub is not configured (pubsub.project and pubsub.topic); records stay in the local log"
        )
        return
      }
      let result = await TrafficLog.flush(settings: context.settings, timeout: .seconds(timeout))
      for line in result.skipped {
        FileHandle.standardError.write(Data("skipped a line that is not a record: \(line)\n".utf8))
      }
      print(
        "published \(result.published) records in \(result.requests) requests; \(result.pending) pending"
      )
      if let failure = result.failure, result.pending > 0 {
        throw CLIError.failed("could not publish \(result.pending) records: \(failure)")
      }
    }
  }
}
