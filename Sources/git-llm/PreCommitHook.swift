import ArgumentParser
import Foundation
import GitLLM

/// `git llm hook pre-commit`: regenerates the stale summaries of the staged sources, writes and
/// stages them. Exit 0 unless summaries.required stops the commit or, under the pre-commit
/// framework, summaries were written for the user to add. The arguments (file names passed by
/// the pre-commit framework) are not needed: the staged changes say which sources to look at.
func runPreCommitHook(arguments: [String]) async -> Int32 {
  let environment = ProcessInfo.processInfo.environment
  let repository: Repository
  let settings: Settings
  do {
    // git runs the hook at the top of the work tree with GIT_INDEX_FILE set when it commits from
    // a temporary index (`git commit -a`, `git commit PATH`); discover honours it.
    repository = try Repository.discover(
      from: FileManager.default.currentDirectoryPath, environment: environment)
    settings = try Settings.load(repository: repository, environment: environment)
  } catch {
    warn("warning: summaries not checked: \(describe(error)); the commit goes on")
    return 0
  }
  // Made only when a summary is stale, and kept to flush its traffic records afterwards.
  var provider: (any ChatProvider)?
  let result = await PreCommitSummaries.run(
    repository: repository, settings: settings,
    modelConfigured: ChatProviders.isConfigured(settings),
    makeProvider: {
      provider = try summaryProvider(
        settings: settings, repository: repository, command: "hook pre-commit")
      return provider
    }, environment: environment)
  for line in result.messages {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }
  // Publish the calls' traffic records; not after a failure, whose one warning line must stay the
  // only one (the records wait on disk for the next flush).
  if provider != nil, let report = result.report, !report.written.isEmpty, report.failed.isEmpty {
    await TrafficLog.flushPending(settings: settings, repository: repository)
  }
  return result.status
}

/// The chat provider summaries use (each call written to the traffic log under the `summaries`
/// namespace with the command or hook that made it), or nil for provider `none`: outlines.
/// - Throws: `LLMError` for an unknown provider or a missing API key.
func summaryProvider(settings: Settings, repository: Repository, command: String) throws -> (
  any ChatProvider
)? {
  guard ChatProviders.isConfigured(settings) else { return nil }
  return try ChatProviders.make(
    settings: settings, repository: repository,
    context: CallContext(namespace: "summaries", command: command))
}
