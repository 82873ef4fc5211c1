import ArgumentParser
import Foundation
import GitLLM

extension GitLLMCommand {
  struct Config: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "config",
      abstract: "Print every effective setting and where its value came from.",
      discussion: """
        Layers, lowest first: built-in defaults, .gitllm at the repository root, git config \
        (llm.*, index.*, summaries.*, log.*, pubsub.*, google.*, fill.*, embeddings.*), the \
        environment, then command-line flags. Secrets are never printed.
        """)

    @OptionGroup var options: RepositoryOptions
    @Flag(help: "Print JSON for scripts.") var json = false

    struct Entry: Encodable {
      var key: String
      var value: String?
      var origin: String
      var secret: Bool
    }
    struct Report: Encodable {
      var settings: [Entry]
      var unknown: [Entry]
      var warnings: [String]
    }

    func run() async throws {
      let context = try CommandContext(options)
      let settings = context.settings
      let entry = { (s: Setting) in
        Entry(key: s.key, value: s.isSecret ? nil : s.displayValue, origin: s.origin.description, secret: s.isSecret)
      }
      if json {
        try printJSON(
          Report(
            settings: settings.all.map(entry),
            // An unknown key may be a misspelt secret: its value is not shown.
            unknown: settings.unknown.map { Entry(key: $0.key, value: nil, origin: $0.origin.description, secret: false) },
            warnings: settings.warnings))
        return
      }
      let width = (settings.all.map(\.key.count).max() ?? 0) + 2
      let valueWidth = min(40, (settings.all.map(\.displayValue.count).max() ?? 0) + 2)
      for setting in settings.all {
        print(pad(setting.key, width) + pad(setting.displayValue, valueWidth) + setting.origin.description)
      }
      for setting in settings.unknown {
        warn("unknown setting \(setting.key) (from \(setting.origin)); see `git llm config --help`")
      }
      for warning in settings.warnings { warn(warning) }
    }
  }
}
