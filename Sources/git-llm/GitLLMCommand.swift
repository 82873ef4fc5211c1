import ArgumentParser
import Foundation
import GitLLM

@main
struct GitLLMCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "git-llm",
    abstract: "LLMs in a repository's own workflow: summaries, search, fill, traffic log.",
    discussion: """
      Run as `git llm COMMAND` (`git llm -C DIR COMMAND` works in DIR); `git llm COMMAND --help` \
      describes each command.
      Exit status: 0 ok, 1 the work failed, 2 usage or bad input, 3 stopped for human review.
      """,
    version: BuildInfo.version,
    subcommands: [
      Index.self,
      Search.self,
      Ask.self,
      Summarize.self,
      Fill.self,
      Memory.self,
      Log.self,
      Hook.self,
      Install.self,
      Config.self,
      Doctor.self,
    ]
  )

  /// Parses and runs, mapping every failure to the exit statuses the hooks and CI read.
  static func main() async {
    do {
      // `git llm -C DIR COMMAND`, as git itself takes -C before the command.
      var arguments = Array(CommandLine.arguments.dropFirst())
      while arguments.first == "-C" {
        guard arguments.count >= 2, FileManager.default.changeCurrentDirectoryPath(arguments[1]) else {
          throw CLIError.usage("cannot change to directory '\(arguments.dropFirst().first ?? "")'")
        }
        arguments.removeFirst(2)
      }
      var command = try parseAsRoot(arguments)
      if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch let error as CLIError {
      warn("error: \(error.description)")
      Foundation.exit(error.exitStatus)
    } catch let error as SettingsError {
      warn("error: \(error.description)")
      Foundation.exit(2)
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        print(fullMessage(for: error))
        Foundation.exit(0)
      }
      let message = fullMessage(for: error)
      if code == .validationFailure {
        // ArgumentParser's usage errors: the message already says "Error:" and shows the usage.
        FileHandle.standardError.write(Data((message + "\n").utf8))
        Foundation.exit(2)
      }
      if error is ExitCode {
        Foundation.exit(code.rawValue)
      }
      warn("error: \(describe(error))")
      Foundation.exit(1)
    }
  }
}
