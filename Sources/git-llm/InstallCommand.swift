import ArgumentParser
import Foundation
import GitLLM

extension GitLLMCommand {
  struct Install: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Install git-llm's hooks into this repository, or remove them.",
      discussion: """
        Finds the hooks folder as git does (core.hooksPath, else the common git directory, so \
        linked worktrees share it). A hook that is already there is kept as NAME.legacy and runs \
        first; its failure stops the commit. Running install again only refreshes git-llm's shims; \
        --uninstall restores exactly what was there before.
        """)

    @OptionGroup var options: RepositoryOptions
    @Option(
      help: ArgumentHelp(
        "Hooks to install, comma-separated.", valueName: HookInstaller.allHooks.joined(separator: ",")))
    var hooks: String = HookInstaller.allHooks.joined(separator: ",")
    @Flag(
      help: "Install even when NAME.legacy exists (it is set aside and put back on uninstall), or into another hook manager's folder.")
    var force = false
    @Flag(help: "Remove git-llm's hooks and restore the ones they replaced.") var uninstall = false
    @Flag(help: "Print JSON for scripts.") var json = false

    func run() async throws {
      let repository = try CommandContext(options).requireRepository()
      let installer = try HookInstaller(repository: repository, binaryPath: Self.executablePath())
      let names = hooks.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      let actions: [HookInstaller.Action]
      do {
        actions = uninstall ? try installer.uninstall(hooks: names) : try installer.install(hooks: names, force: force)
      } catch let failure as HookInstaller.Failure {
        if case .unknownHook = failure { throw CLIError.usage(failure.description) }
        throw CLIError.failed(failure.description)
      }
      if json {
        try printJSON(actions)
        return
      }
      for action in actions {
        print("\(pad(action.hook, 15))\(pad(action.kind.rawValue, 16))\(action.detail)")
      }
      if !uninstall {
        print("hooks folder: \(installer.hooksDirectory); binary: \(installer.binaryPath)")
        if installer.isTrackedFolder {
          warn(
            "the hooks folder is tracked by git: the shims name this machine's binary (\(installer.binaryPath)) "
              + "and fall back to git-llm on PATH; commit them only if that suits every clone")
        }
      }
    }

    /// The running binary's real path, baked into the shims.
    static func executablePath() -> String {
      if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
        return resolved
      }
      return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
  }
}
