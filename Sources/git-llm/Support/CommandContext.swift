import ArgumentParser
import Foundation
import GitLLM

/// Options every command that works on a repository takes.
struct RepositoryOptions: ParsableArguments {
  @Option(
    name: [.customShort("C"), .customLong("repository")],
    help: ArgumentHelp("Run as if git-llm was started in PATH.", valueName: "path"))
  var repository: String?
}

/// The repository (when there is one) and the effective settings a command runs with.
struct CommandContext {
  let repository: Repository?
  let settings: Settings
  let directory: String

  /// Opens the repository around the directory and loads the settings.
  /// - Throws: `CLIError.usage` outside a repository when one is required, or for a bad setting.
  init(_ options: RepositoryOptions, flags: [String: String] = [:], requireRepository: Bool = true) throws {
    directory = options.repository ?? FileManager.default.currentDirectoryPath
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw CLIError.usage("no such directory: \(directory)")
    }
    do {
      repository = try Repository.discover(from: directory)
    } catch let error as GitError {
      if requireRepository {
        throw CLIError.usage(error.isNotFound ? "not a git repository: \(directory)" : error.description)
      }
      repository = nil
    }
    do {
      settings = try Settings.load(repository: repository, flags: flags)
    } catch let error as SettingsError {
      throw CLIError.usage(error.description)
    } catch let error as GitError {
      throw CLIError.usage("cannot read .gitllm: \(error.message)")
    }
  }

  func requireRepository() throws -> Repository {
    guard let repository else { throw CLIError.usage("not a git repository: \(directory)") }
    return repository
  }
}

/// A failure the command reports in one line, with the exit status CI reads.
enum CLIError: Error, CustomStringConvertible {
  /// Bad input or usage: exit 2.
  case usage(String)
  /// The work failed: exit 1.
  case failed(String)
  /// Stopped for a person to review: exit 3.
  case review(String)

  var description: String {
    switch self {
    case .usage(let m), .failed(let m), .review(let m): m
    }
  }

  var exitStatus: Int32 {
    switch self {
    case .usage: 2
    case .failed: 1
    case .review: 3
    }
  }
}
