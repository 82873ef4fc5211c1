import Foundation
import Testing
@testable import GitLLM

@Suite struct SettingsTests {
  let file = SettingSource([
    (name: "llm.provider", value: "anthropic", origin: .file(".gitllm")),
    (name: "index.ext", value: ".py,.md", origin: .file(".gitllm")),
    (name: "llm.timeout", value: "30", origin: .file(".gitllm")),
  ])

  @Test func laterLayersWinAndKeepTheirOrigin() throws {
    let git = SettingSource([(name: "llm.timeout", value: "45", origin: .gitConfig("local"))])
    let settings = try Settings.resolve(
      file: file, gitConfig: git, environment: ["LLM_PROVIDER": "openai"],
      flags: ["index.ext": ".swift"])
    #expect(settings.provider == "openai")
    #expect(settings.entry("llm.provider")?.origin == .environment("LLM_PROVIDER"))
    #expect(settings.int("llm.timeout") == 45)
    #expect(settings.entry("llm.timeout")?.origin == .gitConfig("local"))
    #expect(settings.list("index.ext") == [".swift"])
    #expect(settings.entry("index.ext")?.origin == .flag)
    #expect(settings.entry("summaries.layout")?.origin == .builtIn)
  }

  @Test func keysCompareCaseInsensitivelyAsGitDoes() throws {
    // libgit2 lowercases names: `baseURL` in a file arrives as `baseurl`.
    let git = SettingSource([(name: "llm.baseurl", value: "http://127.0.0.1:11434/v1", origin: .gitConfig("local"))])
    let settings = try Settings.resolve(gitConfig: git)
    #expect(settings["llm.baseURL"] == "http://127.0.0.1:11434/v1")
    #expect(settings.provider == "openai")
    #expect(settings.entry("llm.provider")?.origin == .derived("llm.baseURL is set"))
  }

  @Test func providerAndKeyDerivedFromTheEnvironment() throws {
    let settings = try Settings.resolve(environment: ["ANTHROPIC_API_KEY": "sk-ant-secret-value"])
    #expect(settings.provider == "anthropic")
    #expect(settings["llm.apiKey"] == "sk-ant-secret-value")
    #expect(settings.entry("llm.apiKey")?.isSecret == true)
    #expect(settings.entry("llm.apiKey")?.displayValue.contains("secret") == true)
    #expect(settings.entry("llm.apiKey")?.displayValue.contains("sk-ant") == false)
    #expect(settings["llm.model"] == Settings.defaultModels["anthropic"])
  }

  @Test func noKeysMeansProviderNone() throws {
    let settings = try Settings.resolve()
    #expect(settings.provider == "none")
    #expect(settings["llm.model"] == nil)
    #expect(settings["llm.apiKey"] == nil)
    #expect(settings.list("summaries.include").contains(".md") == false)
  }

  @Test func invalidValuesNameKeyAndOrigin() throws {
    let bad = SettingSource([(name: "summaries.required", value: "maybe", origin: .file("/r/.gitllm"))])
    let error = #expect(throws: SettingsError.self) { try Settings.resolve(file: bad) }
    #expect(error?.description == "invalid value 'maybe' for summaries.required (from /r/.gitllm): expected true or false")
    #expect(throws: SettingsError.self) { try Settings.resolve(environment: ["LLM_PROVIDER": "skynet"]) }
    #expect(throws: SettingsError.self) { try Settings.resolve(flags: ["fill.maxRetries": "four"]) }
  }

  @Test func unknownKeysInOurSectionsAreReportedOthersIgnored() throws {
    let git = SettingSource([
      (name: "llm.modle", value: "x", origin: .gitConfig("local")),
      (name: "user.name", value: "Ada", origin: .gitConfig("global")),
    ])
    let settings = try Settings.resolve(gitConfig: git)
    #expect(settings.unknown.map(\.key) == ["llm.modle"])
  }

  @Test func secretCommittedToTheFileIsWarnedAbout() throws {
    let file = SettingSource([(name: "llm.apikey", value: "sk-123", origin: .file(".gitllm"))])
    let settings = try Settings.resolve(file: file)
    #expect(settings.warnings.count == 1)
    #expect(settings.warnings.first?.contains("sk-123") == false)
  }

  @Test func secondsAcceptSuffixes() {
    #expect(Settings.parseSeconds("1.5") == .milliseconds(1500))
    #expect(Settings.parseSeconds("250ms") == .milliseconds(250))
    #expect(Settings.parseSeconds("10s") == .seconds(10))
    #expect(Settings.parseSeconds("soon") == nil)
  }
}

@Suite struct SettingsLayeringTests {
  @Test func gitsOwnKeysInSharedSectionsAreNotCalledTypos() throws {
    let git = SettingSource([
      (name: "log.date", value: "iso", origin: .gitConfig("global")),
      (name: "index.version", value: "4", origin: .gitConfig("local")),
      (name: "summaries.layuot", value: "mirror", origin: .gitConfig("local")),
    ])
    let settings = try Settings.resolve(gitConfig: git)
    #expect(settings.unknown.map(\.key) == ["summaries.layuot"])
  }

  @Test func gitllmPrefixedNamesNeverClashWithGit() throws {
    let git = SettingSource([
      (name: "gitllm.index.ext", value: ".py", origin: .gitConfig("local")),
      (name: "gitllm.log.typo", value: "x", origin: .gitConfig("local")),
    ])
    let settings = try Settings.resolve(gitConfig: git)
    #expect(settings.list("index.ext") == [".py"])
    #expect(settings.unknown.map(\.key) == ["log.typo"])
  }

  @Test func priceFamilyKeysAreSettingsNotTypos() throws {
    let file = SettingSource([(name: "llm.price.my-model", value: "1.5,6", origin: .file(".gitllm"))])
    let settings = try Settings.resolve(file: file)
    #expect(settings.unknown.isEmpty)
    #expect(settings.entries(prefix: "llm.price.").map(\.value) == ["1.5,6"])
    #expect(settings.all.contains { $0.key == "llm.price.my-model" })
  }

  @Test func flagsDeriveTheDefaultsThatDependOnThem() throws {
    let settings = try Settings.resolve(environment: ["ANTHROPIC_API_KEY": "k"], flags: ["llm.provider": "anthropic"])
    #expect(settings["llm.model"] == Settings.defaultModels["anthropic"])
    let flagged = try Settings.resolve(flags: ["llm.provider": "gemini"], gitDirectory: "/r/.git")
    #expect(flagged["llm.model"] == Settings.defaultModels["gemini"])
    #expect(flagged["log.dir"] == "/r/.git/llm/history")
    #expect(flagged.entry("llm.provider")?.origin == .flag)
  }
}

@Suite struct SettingsSafetyTests {
  @Test func committedFileCannotRedirectEndpointsCredentialsOrFolders() throws {
    let file = SettingSource([
      (name: "llm.provider", value: "openai", origin: .file(".gitllm")),
      (name: "llm.baseurl", value: "http://attacker.example/v1", origin: .file(".gitllm")),
      (name: "pubsub.topic", value: "theirs", origin: .file(".gitllm")),
      (name: "log.dir", value: "/tmp/elsewhere", origin: .file(".gitllm")),
      (name: "llm.apikey", value: "sk-committed", origin: .file(".gitllm")),
    ])
    let settings = try Settings.resolve(file: file, environment: ["OPENAI_API_KEY": "sk-victim"])
    #expect(settings.provider == "openai")
    #expect(settings["llm.baseURL"] == nil)
    #expect(settings["pubsub.topic"] == nil)
    #expect(settings["log.dir"] == nil)
    #expect(settings["llm.apiKey"] == "sk-victim")
    #expect(settings.warnings.count == 4)
    #expect(settings.warnings.allSatisfy { $0.hasPrefix("ignored ") && !$0.contains("sk-committed") })
    // The same keys from git config are this clone's own choice.
    let git = SettingSource([(name: "llm.baseurl", value: "http://127.0.0.1:11434/v1", origin: .gitConfig("local"))])
    #expect(try Settings.resolve(gitConfig: git)["llm.baseURL"] == "http://127.0.0.1:11434/v1")
  }

  @Test func summariesDirMustStayInsideTheWorkTree() throws {
    for bad in ["../escape", "/tmp/x", "a/../../b", "~/x"] {
      let git = SettingSource([(name: "summaries.dir", value: bad, origin: .gitConfig("local"))])
      #expect(throws: SettingsError.self) { try Settings.resolve(gitConfig: git) }
    }
    let good = SettingSource([(name: "summaries.dir", value: "docs/summaries", origin: .gitConfig("local"))])
    #expect(try Settings.resolve(gitConfig: good)["summaries.dir"] == "docs/summaries")
  }

  @Test func badPriceOverrideIsAnError() throws {
    let git = SettingSource([(name: "llm.price.gpt-4o-mini", value: "abc", origin: .gitConfig("local"))])
    let error = #expect(throws: SettingsError.self) { try Settings.resolve(gitConfig: git) }
    #expect(error?.description.contains("input,output") == true)
  }

  @Test func azureTakesItsOwnKeyVariableThenOpenAIs() throws {
    let azure = try Settings.resolve(environment: ["LLM_PROVIDER": "azure", "AZURE_OPENAI_API_KEY": "az-key-123"])
    #expect(azure["llm.apiKey"] == "az-key-123")
    let fallback = try Settings.resolve(environment: ["LLM_PROVIDER": "azure", "OPENAI_API_KEY": "oa-key-123"])
    #expect(fallback["llm.apiKey"] == "oa-key-123")
  }

  @Test func aKeyWithoutAProviderIsWarnedAbout() throws {
    let git = SettingSource([(name: "llm.apikey", value: "sk-unused", origin: .gitConfig("local"))])
    let settings = try Settings.resolve(gitConfig: git)
    #expect(settings.provider == "none")
    #expect(settings.warnings.contains { $0.contains("llm.provider is none") })
  }

  @Test func gitDashCParametersAreParsedLikeGitWritesThem() {
    let parsed = Settings.commandLineConfig(#"'summaries.timeout'='1' 'llm.model=gpt-x' 'summaries.required' 'llm.baseurl'='http://h/it'\''s'"#)
    #expect(parsed.map(\.name) == ["summaries.timeout", "llm.model", "summaries.required", "llm.baseurl"])
    #expect(parsed.map(\.value) == ["1", "gpt-x", "true", "http://h/it's"])
  }
}

@Suite struct SettingsRepositoryTests {
  @Test func gitDashCReachesGitLLM() throws {
    let repo = try TestRepository()
    let result = try Subprocess.run(
      "/usr/bin/git", ["-c", "summaries.timeout=7", "llm", "config", "--json"], in: repo.path,
      environment: ["PATH": URL(fileURLWithPath: Subprocess.gitLLMBinary).deletingLastPathComponent().path + ":/usr/bin:/bin"])
    #expect(result.status == 0, "\(result)")
    #expect(result.stdout.contains(#""origin" : "git config (git -c)""#))
    #expect(result.stdout.contains(#""value" : "7""#))
  }

  @Test func relativeHistoryFolderIsUnderTheWorkTreeRoot() throws {
    let repo = try TestRepository()
    try repo.write("sub/x.txt", "x")
    let settings = try Settings.load(
      repository: Repository.discover(from: repo.path + "/sub"), environment: ["MESSAGE_HISTORY": "relhist"])
    #expect(settings["log.dir"] == repo.path + "/relhist")
  }
}
