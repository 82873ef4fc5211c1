import ArgumentParser
import Foundation
import GitLLM

extension GitLLMCommand {
  struct Doctor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check the repository, the configuration, the provider, the index and Pub/Sub.",
      discussion: "Exit status 1 when a check fails. Nothing is changed and no secret is printed.")

    @OptionGroup var options: RepositoryOptions
    @Flag(help: "Print JSON for scripts.") var json = false
    @Flag(help: "Do not contact the provider.") var offline = false

    func run() async throws {
      let directory = options.repository ?? FileManager.default.currentDirectoryPath
      let checks = await DoctorReport.run(directory: directory, offline: offline)
      if json {
        try printJSON(checks)
      } else {
        let width = (checks.map(\.name.count).max() ?? 0) + 2
        for check in checks {
          let mark = switch check.status {
          case .ok: "ok  "
          case .info: "--  "
          case .warning: "warn"
          case .failure: "FAIL"
          }
          print("\(mark) \(pad(check.name, width))\(check.detail)")
        }
      }
      if checks.contains(where: { $0.status == .failure }) { throw ExitCode.failure }
    }
  }
}
